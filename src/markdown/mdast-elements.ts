/**
 * HTML elements built as mdast nodes (a node with `data.hName`), for plugins that turn Markdown into
 * markup: the renderer escapes every text and attribute, so no string of HTML is ever put together.
 */
import type { Custom, MdastNode } from 'satteri';

/** A child of an element node. */
export type ElementChild = Custom | MdastNode;
/** Attribute values: `true` writes the bare attribute (`hidden`), `false` and `undefined` leave it out. */
export type Properties = Record<string, string | number | boolean | string[] | undefined>;

/** The element `<tagName ...properties>children</tagName>`. */
export function element(tagName: string, properties: Properties = {}, children: ElementChild[] = []): Custom {
  const defined = Object.fromEntries(Object.entries(properties).filter(([, value]) => value !== undefined && value !== false));
  return { type: 'htmlElement', data: { hName: tagName, hProperties: defined }, children };
}

/** A text node. */
export function text(value: string): MdastNode {
  return { type: 'text', value };
}
