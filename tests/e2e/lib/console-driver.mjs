// tests/e2e/lib/console-driver.mjs — driving the operator console (Dear ImGui in a canvas) like a
// person, for tests/e2e/console.mjs and tests/bench/console.mjs. Controls are found through the
// console's marks (window.seamConsole.marks(): where each named control was drawn last frame).

export const marks = (page) => page.evaluate(() => window.seamConsole.marks());

//! The mark `name` once it is drawn: {x, y, w, h} in CSS pixels.
export async function waitMark(page, name, timeout = 15000) {
  const handle = await page.waitForFunction((n) => window.seamConsole.marks()[n] || null, name, { timeout, polling: 50 });
  return handle.jsonValue();
}

//! Like a hand on a mouse: move there, press, release, each lasting a few frames (Dear ImGui
//! 1.86 samples the mouse once a frame).
export async function click(page, name) {
  const r = await waitMark(page, name);
  await page.mouse.move(r.x + r.w / 2, r.y + r.h / 2);
  await page.waitForTimeout(50);
  await page.mouse.down();
  await page.waitForTimeout(50);
  await page.mouse.up();
  await page.waitForTimeout(50);
}

//! Presses a key (or a chord like "Control+Enter") the way a person does, held for a few frames.
export async function press(page, chord) {
  const keys = chord.split('+');
  for (const k of keys) await page.keyboard.down(k);
  await page.waitForTimeout(80);
  for (const k of keys.reverse()) await page.keyboard.up(k);
  await page.waitForTimeout(40);
}

//! Waits until the console has taken every key, character and click sent so far (its input
//! queue hands ImGui one frame's worth at a time) and then drawn `n` more frames (what a
//! person's eye gives a popup: Dear ImGui sizes and places a new popup in a first frame it does
//! not show, so the marks of that frame may not be where the popup ends up).
export async function settle(page, n = 2, timeout = 15000) {
  await page.waitForFunction(() => !(window.seamConsole.frameStats().input_queue > 0), null,
    { timeout, polling: 20 });
  const start = await page.evaluate(() => window.seamConsole.frameStats().frames);
  await page.waitForFunction(([s, k]) => window.seamConsole.frameStats().frames >= s + k, [start, n],
    { timeout, polling: 20 });
}

//! Opens the combo `combo` and picks its entry `option` (both marks), like a person: click, look,
//! click.
export async function choose(page, combo, option) {
  await click(page, combo);
  await waitMark(page, option);
  await settle(page);
  await click(page, option);
}
