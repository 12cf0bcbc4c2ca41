import { isExpression, isObject, showSetting } from '../config';
import {
  fromViolations,
  nonCompliant,
  notApplicable,
  type JsonValue,
  type PolicyContext,
  type PolicyRule,
} from '../rule';

/**
 * The value a whole-value reference to a local (`${local.common_tags}`) stands for, from the stack's `locals`
 * subjects; any other value as it is. The stack keeps its tags in one local that every resource references.
 */
function followLocal(value: JsonValue | undefined, context: PolicyContext): JsonValue | undefined {
  const name = typeof value === 'string' ? /^\$\{local\.([A-Za-z_][\w-]*)\}$/.exec(value)?.[1] : undefined;
  if (name === undefined) return value;
  const locals = context.subjects.find((s) => s.kind === 'locals' && Object.hasOwn(s.config, name));
  return locals ? locals.config[name] : value;
}

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
    const tags = followLocal(subject.config.tags, context);
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
