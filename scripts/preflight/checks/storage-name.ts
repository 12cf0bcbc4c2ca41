import { notPass, pass, type PreflightCheck } from '../check';

/** Storage name: the offload account name is valid and free. */
export const storageNameCheck: PreflightCheck<'storage-name'> = {
  id: 'storage-name',
  run({ profile, facts }) {
    const n = facts.storageName;
    const name = profile.offload.accountName;
    if (n.available) return pass('storage-name', `${name} is a valid storage account name and is available`);
    const remedyName = 'set offload.namePrefix (or offload.accountName) to something else: account names are global';
    if (n.reason === 'AccountNameInvalid') {
      return notPass(
        'storage-name',
        'fail',
        `${name} is not a valid storage account name (${n.reason}${n.message ? `: ${n.message}` : ''})`,
        `${remedyName}, 3–24 lowercase letters and digits`,
      );
    }
    return notPass(
      'storage-name',
      'fail',
      `${name} is not available (${n.reason ?? 'no reason given'}${n.message ? `: ${n.message}` : ''})`,
      `${remedyName}; if the account is this POC's own from an earlier deployment, this result is expected`,
    );
  },
};
