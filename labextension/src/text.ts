/** Words shown to people: counts with the right plural ("1 candidate", "2 candidates"). */

/** `count` and the noun in the form English wants for it. */
export function plural(count: number, one: string, many: string = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
