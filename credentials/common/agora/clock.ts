/**
 * The clock the signer reads. Tests replace `now` to sign with a fixed or skewed date; the node's
 * transport and operations read the same clock (to tell the user by how much it is off, to check
 * that a time is in the future), so one replacement moves all of them.
 */
export const agoraClock: { now: () => Date } = { now: () => new Date() };
