/** plannedTransitions: a lifecycle step only where the object then stays its class's minimum. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { plannedTransitions, shortStayProblem } from "../../../components/storage-classes";

const MINIMUMS = { cool: 30, archive: 90 };

describe("plannedTransitions", () => {
  it.each([
    ["the promise, silver", [30, 90, 365], [30, 90]],
    ["the promise, bronze: archive on the day of expiry is no step", [30, 90, 90], [30, undefined]],
    ["archive too close to expiry", [30, 300, 365], [30, undefined]],
    ["cool too close to archive", [30, 45, 365], [undefined, 45]],
    ["both too close", [30, 45, 100], [30, undefined]],
    ["cool too close to expiry, no archive", [70, 90, 90], [undefined, undefined]],
  ] as const)("%s", (_label, [cool, archive, expire], [coolDay, archiveDay]) => {
    expect(
      plannedTransitions(
        { coolAfterDays: cool, archiveAfterDays: archive, expireAfterDays: expire },
        MINIMUMS,
      ),
    ).toEqual({ coolDay, archiveDay });
  });

  it("never plans a stay shorter than a class's minimum, and keeps the lifecycle's days", () => {
    const day = fc.integer({ min: 1, max: 3000 });
    fc.assert(
      fc.property(day, day, day, (a, b, c) => {
        const [cool, archive, expire] = [a, b, c].sort((x, y) => x - y) as [number, number, number];
        const lifecycle = {
          coolAfterDays: cool,
          archiveAfterDays: archive,
          expireAfterDays: expire,
        };
        const { coolDay, archiveDay } = plannedTransitions(lifecycle, MINIMUMS);
        if (archiveDay !== undefined) {
          expect(archiveDay).toBe(archive);
          expect(expire - archiveDay).toBeGreaterThanOrEqual(MINIMUMS.archive);
        }
        if (coolDay !== undefined) {
          expect(coolDay).toBe(cool);
          expect((archiveDay ?? expire) - coolDay).toBeGreaterThanOrEqual(MINIMUMS.cool);
        }
      }),
    );
  });
});

describe("shortStayProblem", () => {
  it("names the class, the stay and its minimum when the stay is too short", () => {
    expect(shortStayProblem("Cold", 300, 365, 90)).toBe(
      "keeps objects in Cold 65 days, less than its 90-day minimum",
    );
    expect(shortStayProblem("Cold", 90, 365, 90)).toBeUndefined();
  });

  it("has nothing to say about a step that is not taken or never ends", () => {
    expect(shortStayProblem("Cool", undefined, 90, 30)).toBeUndefined();
    expect(shortStayProblem("Cool", 30, undefined, 30)).toBeUndefined();
    expect(shortStayProblem("NEARLINE", 30, Infinity, 30)).toBeUndefined();
  });
});
