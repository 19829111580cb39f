/**
 * `node --import` preload of the bundle harness, added only when an environment starts at a later wall-clock time
 * (LAMBDA_HARNESS_CLOCK_OFFSET_MS, as libfaketime would): `Date` reads that far ahead inside this process, so a bundle
 * can run after a booking's end without waiting for it. Timers and the monotonic clock are untouched.
 */
const offset = Number(process.env.LAMBDA_HARNESS_CLOCK_OFFSET_MS ?? '0');
if (Number.isFinite(offset) && offset !== 0) {
  const RealDate = Date;
  class ShiftedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(RealDate.now() + offset);
      else super(...args);
    }
    static now() {
      return RealDate.now() + offset;
    }
  }
  globalThis.Date = ShiftedDate;
}
