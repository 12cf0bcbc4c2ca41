import { isExpression, isObject, showSetting } from '../config';
import { fromViolations, nonCompliant, notApplicable, type PolicyRule } from '../rule';

/** VAZ-REL-010: every taggable resource carries the required tags (owner, purpose, expiry date). */
export const requiredTags: PolicyRule = {
  id: 'VAZ-REL-010',
  category: 'reliability',
  level: 'error',
  title: 'Every taggable resource carries the required tags (owner, purpose, expiry)',
  rationale:
    'POC resources left running cost the customer money; owner, purpose and an expiry date let the customer find, question and clean them up. L-series nodes are among the most expensive VMs in Azure.',
  fix: "Pass the profile `tags` (owner, purpose, expiry as YYYY-MM-DD) to the resource's `tags`.",
  check(subject, context) {
    if (subject.kind !== 'resource' || !subject.taggable) return notApplicable();
    const tags = subject.config.tags;
    if (tags === undefined) return nonCompliant(`tags is unset; required: ${context.requiredTags.join(', ')}`);
    if (!isObject(tags)) return nonCompliant(`tags is ${showSetting(tags)}, which the pack cannot check`);
    return fromViolations([
      ...context.requiredTags.map((t) => {
        const v = tags[t];
        return typeof v === 'string' && v.trim() !== '' ? undefined : `tag "${t}" is missing`;
      }),
      typeof tags.expiry === 'string' && !isExpression(tags.expiry) && !/^\d{4}-\d{2}-\d{2}$/.test(tags.expiry)
        ? `tag "expiry" is ${showSetting(tags.expiry)}, not a YYYY-MM-DD date`
        : undefined,
    ]);
  },
};
