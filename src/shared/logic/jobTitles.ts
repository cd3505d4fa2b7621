// Runs anywhere (pure). Titles of the jobs that belong to a grain or a take. Titles are stored with
// the job and shown under its translated kind, so they hold only names and numbers, never words of
// one language: "Les ondes — 2" is grain 2, "Les ondes — 2 · #3" its take 3.
export function grainJobTitle(capsuleTitle: string, grainIndex: number, takeAttempt?: number): string {
  const grain = `${capsuleTitle} — ${grainIndex + 1}`;
  return takeAttempt === undefined ? grain : `${grain} · #${takeAttempt}`;
}
