/**
 * Embeds: YouTube, X, Speaker Deck, Docswell, SlideShare, CodePen, StackBlitz, CodeSandbox, Gist, Figma
 * and JSFiddle, written as Zenn writes them (`@[youtube](id)`, `@[tweet](url)`, ...) or as a bare URL
 * alone in a paragraph.
 *
 * A page makes no request to the provider until the reader asks for it: the page carries a link to the
 * content and a button (hidden until the site's script shows it, src/components/EmbedLoader.astro)
 * that holds the frame's address in `data-embed-src`; a click puts the frame in its place. Without
 * JavaScript the link still works, and feeds get only the link (`data-feed="omit"` on the button).
 * No thumbnail is shown: a provider's image would be a request the reader did not make.
 *
 * Detection is pure (no Markdown, no I/O): src/markdown/find-card-urls.ts uses it too, so that the card
 * fetcher never fetches what renders as an embed.
 */
import { domainToUnicode } from 'node:url';
import type { Custom } from 'satteri';
import { element, text } from './mdast-elements.ts';

export type EmbedProvider =
  | 'youtube'
  | 'tweet'
  | 'speakerdeck'
  | 'docswell'
  | 'slideshare'
  | 'codepen'
  | 'stackblitz'
  | 'codesandbox'
  | 'gist'
  | 'figma'
  | 'jsfiddle';

/** An embed found in a post: where the link goes, and the address of the frame a click loads. */
export interface Embed {
  provider: EmbedProvider;
  /** The content's page (the link that always works). */
  href: string;
  /** The frame's address (https, on the provider's host). */
  src: string;
}

/** A Zenn embed that cannot be made: the reason, for the build's warning. */
export interface EmbedProblem {
  problem: string;
}

/** The longest start time accepted for a video: 48 hours, in seconds. */
const MAX_START = 48 * 60 * 60;
const YOUTUBE_ID = /^[A-Za-z0-9_-]{11}$/u;
const KEY = /^[A-Za-z0-9_-]{1,100}$/u;

/** `value` as an http(s) URL, or undefined: no other scheme, no spaces, quotes or angle brackets. */
export function httpUrl(value: string): URL | undefined {
  if (!/^https?:\/\/[^\s"'<>`\\]+$/iu.test(value) || !URL.canParse(value)) return undefined;
  const url = new URL(value);
  return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
}

const host = (url: URL) => url.hostname.toLowerCase().replace(/^(?:www\.|m\.|mobile\.)/u, '');

/** Seconds from YouTube's `t`/`start` forms: `90`, `90s`, `1m30s`, `1h2m3s`. */
function seconds(value: string | null): number | undefined {
  if (!value) return undefined;
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s?)?$/u.exec(value);
  if (!m || value === '') return undefined;
  const total = Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
  return total > 0 ? Math.min(total, MAX_START) : undefined;
}

function youtube(id: string, start: number | undefined, href?: string): Embed | undefined {
  if (!YOUTUBE_ID.test(id)) return undefined;
  const watch = `https://www.youtube.com/watch?v=${id}${start ? `&t=${start}s` : ''}`;
  return { provider: 'youtube', href: href ?? watch, src: `https://www.youtube-nocookie.com/embed/${id}${start ? `?start=${start}` : ''}` };
}

function youtubeFromUrl(url: URL): Embed | undefined {
  const h = host(url);
  const start = seconds(url.searchParams.get('t') ?? url.searchParams.get('start'));
  if (h === 'youtu.be') return youtube(url.pathname.slice(1), start, url.href);
  if (h !== 'youtube.com' && h !== 'music.youtube.com') return undefined;
  if (url.pathname === '/watch') return youtube(url.searchParams.get('v') ?? '', start, url.href);
  const m = /^\/(?:shorts|embed|live|v)\/([^/]+)\/?$/u.exec(url.pathname);
  return m ? youtube(m[1]!, start, url.href) : undefined;
}

function tweet(id: string, href: string): Embed {
  return { provider: 'tweet', href, src: `https://platform.twitter.com/embed/Tweet.html?id=${id}&dnt=true` };
}

function tweetFromUrl(url: URL): Embed | undefined {
  if (!['twitter.com', 'x.com'].includes(host(url))) return undefined;
  const m = /^\/(?:[A-Za-z0-9_]{1,15}|i\/web|i)\/status(?:es)?\/(\d{1,20})(?:\/(?:photo|video)\/\d)?\/?$/u.exec(url.pathname);
  return m ? tweet(m[1]!, url.href) : undefined;
}

function speakerdeck(key: string, slide: string | null, href?: string): Embed | undefined {
  if (!KEY.test(key) || (slide !== null && !/^\d{1,4}$/u.test(slide))) return undefined;
  const src = `https://speakerdeck.com/player/${key}${slide ? `?slide=${slide}` : ''}`;
  return { provider: 'speakerdeck', href: href ?? src, src };
}

function speakerdeckFromUrl(url: URL): Embed | undefined {
  if (host(url) !== 'speakerdeck.com') return undefined;
  const m = /^\/player\/([^/]+)\/?$/u.exec(url.pathname);
  return m ? speakerdeck(m[1]!, url.searchParams.get('slide'), url.href) : undefined;
}

function docswellFromUrl(url: URL): Embed | undefined {
  if (host(url) !== 'docswell.com') return undefined;
  const page = /^#p(\d{1,4})$/u.exec(url.hash)?.[1];
  const slide = /^\/s\/[A-Za-z0-9_-]+\/([A-Za-z0-9]+)(?:-[A-Za-z0-9_-]*)?(?:\/(\d{1,4}))?\/?$/u.exec(url.pathname);
  const embed = /^\/slide\/([A-Za-z0-9]+)\/embed\/?$/u.exec(url.pathname);
  const id = slide?.[1] ?? embed?.[1];
  if (!id) return undefined;
  const p = page ?? slide?.[2];
  return { provider: 'docswell', href: url.href, src: `https://www.docswell.com/slide/${id}/embed${p ? `#p${p}` : ''}` };
}

function slideshare(key: string, href?: string): Embed | undefined {
  if (!KEY.test(key)) return undefined;
  const src = `https://www.slideshare.net/slideshow/embed_code/key/${key}`;
  return { provider: 'slideshare', href: href ?? src, src };
}

function slideshareFromUrl(url: URL): Embed | undefined {
  if (host(url) !== 'slideshare.net') return undefined;
  const m = /^\/slideshow\/embed_code\/key\/([^/]+)\/?$/u.exec(url.pathname);
  return m ? slideshare(m[1]!, url.href) : undefined;
}

function codepenFromUrl(url: URL): Embed | undefined {
  if (host(url) !== 'codepen.io') return undefined;
  const m = /^\/([A-Za-z0-9_-]{1,100})\/(?:pen|embed|full|details)\/([A-Za-z0-9]{1,40})\/?$/u.exec(url.pathname);
  if (!m) return undefined;
  const tab = url.searchParams.get('default-tab');
  const src = new URL(`https://codepen.io/${m[1]}/embed/${m[2]}`);
  src.searchParams.set('default-tab', tab && /^[a-z,]{1,40}$/u.test(tab) ? tab : 'result');
  return { provider: 'codepen', href: url.href, src: src.href };
}

function stackblitzFromUrl(url: URL): Embed | undefined {
  if (host(url) !== 'stackblitz.com' || !/^\/(?:edit|github|fork)\/[\w.@/-]{1,300}$/u.test(url.pathname)) return undefined;
  const src = new URL(url.pathname, 'https://stackblitz.com');
  for (const [key, value] of url.searchParams) if (key !== 'embed') src.searchParams.set(key, value);
  src.searchParams.set('embed', '1');
  return { provider: 'stackblitz', href: url.href, src: src.href };
}

function codesandbox(id: string, query: URLSearchParams, href?: string): Embed | undefined {
  if (!KEY.test(id)) return undefined;
  const src = new URL(`https://codesandbox.io/embed/${id}`);
  for (const [key, value] of query) src.searchParams.set(key, value);
  return { provider: 'codesandbox', href: href ?? `https://codesandbox.io/s/${id}`, src: src.href };
}

function codesandboxFromUrl(url: URL): Embed | undefined {
  if (host(url) !== 'codesandbox.io') return undefined;
  const m = /^\/(?:embed|s|p\/sandbox)\/([^/]+)\/?$/u.exec(url.pathname);
  return m ? codesandbox(m[1]!, url.searchParams, url.href) : undefined;
}

function gistFromUrl(url: URL): Embed | undefined {
  if (url.hostname !== 'gist.github.com') return undefined;
  const m = /^\/([A-Za-z0-9-]{1,39})\/([0-9a-f]{1,40})(\/[0-9a-f]{40})?\/?$/u.exec(url.pathname);
  if (!m) return undefined;
  // The gist as an HTML page (`.pibb`) fits a frame; its script form would need document.write.
  const src = new URL(`https://gist.github.com/${m[1]}/${m[2]}${m[3] ?? ''}.pibb`);
  const file = url.searchParams.get('file');
  if (file) src.searchParams.set('file', file);
  return { provider: 'gist', href: url.href, src: src.href };
}

function figmaFromUrl(url: URL): Embed | undefined {
  if (!['figma.com', 'embed.figma.com'].includes(url.hostname.replace(/^www\./u, ''))) return undefined;
  const m = /^\/(file|proto|design|board|slides|deck)\/([0-9A-Za-z]{22,128})(?:\/[^/]*)?\/?$/u.exec(url.pathname);
  if (!m) return undefined;
  const page = new URL(`https://www.figma.com${url.pathname}${url.search}`);
  const src = new URL('https://www.figma.com/embed');
  src.searchParams.set('embed_host', 'share');
  src.searchParams.set('url', page.href);
  return { provider: 'figma', href: url.href, src: src.href };
}

function jsfiddleFromUrl(url: URL): Embed | undefined {
  if (host(url) !== 'jsfiddle.net') return undefined;
  const m = /^((?:\/[A-Za-z0-9_-]{1,60}){1,3}?)(?:\/embedded(?:\/([a-z,]{1,40}))?)?\/?$/u.exec(url.pathname);
  if (!m || m[1] === '') return undefined;
  return { provider: 'jsfiddle', href: url.href, src: `https://jsfiddle.net${m[1]}/embedded/${m[2] ? `${m[2]}/` : ''}` };
}

const FROM_URL = [
  youtubeFromUrl,
  tweetFromUrl,
  speakerdeckFromUrl,
  docswellFromUrl,
  slideshareFromUrl,
  codepenFromUrl,
  stackblitzFromUrl,
  codesandboxFromUrl,
  gistFromUrl,
  figmaFromUrl,
  jsfiddleFromUrl,
];

/** The embed a bare URL stands for, when it is the address of content a provider lets pages frame. */
export function embedFromUrl(value: string): Embed | undefined {
  const url = httpUrl(value);
  if (!url) return undefined;
  for (const detect of FROM_URL) {
    const embed = detect(url);
    if (embed) return embed;
  }
  return undefined;
}

/** What each Zenn embed name takes, for the warning when the value is not that. */
const ZENN_EMBEDS: Record<string, { provider: EmbedProvider; expects: string; fromValue?: (value: string) => Embed | undefined }> = {
  youtube: { provider: 'youtube', expects: 'a YouTube video id or URL', fromValue: (v) => youtube(v, undefined) },
  tweet: { provider: 'tweet', expects: 'the URL of a post on X', fromValue: (v) => (/^\d{1,20}$/u.test(v) ? tweet(v, `https://x.com/i/status/${v}`) : undefined) },
  x: { provider: 'tweet', expects: 'the URL of a post on X' },
  speakerdeck: {
    provider: 'speakerdeck',
    expects: "a Speaker Deck slide id (the embed code's data-id)",
    fromValue: (v) => {
      const [key = '', slide] = v.split('?slide=');
      return speakerdeck(key, slide ?? null);
    },
  },
  slideshare: { provider: 'slideshare', expects: "a SlideShare key (from the embed code)", fromValue: (v) => slideshare(v) },
  docswell: { provider: 'docswell', expects: 'the URL of Docswell slides' },
  codepen: { provider: 'codepen', expects: 'the URL of a pen on CodePen' },
  stackblitz: { provider: 'stackblitz', expects: 'the URL of a StackBlitz project' },
  codesandbox: { provider: 'codesandbox', expects: 'a CodeSandbox URL or id', fromValue: (v) => codesandbox(v, new URLSearchParams()) },
  gist: { provider: 'gist', expects: 'the URL of a GitHub gist' },
  figma: { provider: 'figma', expects: 'the URL of a Figma file' },
  jsfiddle: { provider: 'jsfiddle', expects: 'the URL of a JSFiddle' },
};

/** True for the names of Zenn's embeds that this site renders as embeds. */
export function isEmbedName(name: string): boolean {
  return Object.hasOwn(ZENN_EMBEDS, name.toLowerCase());
}

/** The embed of Zenn's `@[name](value)` (`name` is one `isEmbedName` accepts), or why there is none. */
export function embedFromZenn(name: string, value: string): Embed | EmbedProblem {
  const spec = ZENN_EMBEDS[name.toLowerCase()];
  if (!spec) return { problem: `unknown embed @[${name}]` };
  const byUrl = httpUrl(value) ? embedFromUrl(value) : undefined;
  const embed = byUrl?.provider === spec.provider ? byUrl : spec.fromValue?.(value);
  return embed ?? { problem: `@[${name}] needs ${spec.expects}, not "${value.slice(0, 80)}"` };
}

// ---------------------------------------------------------------------------------------------------
// Markup

interface FrameRules {
  /** Permissions the frame gets (the iframe's `allow`). */
  allow?: string;
  /** What the sandboxed frame may do; every provider here works in a sandbox. */
  sandbox: string;
}

const SCRIPTS = 'allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox';
const FRAMES: Record<EmbedProvider, FrameRules> = {
  youtube: { allow: 'encrypted-media; picture-in-picture; fullscreen', sandbox: `${SCRIPTS} allow-presentation` },
  tweet: { sandbox: SCRIPTS },
  speakerdeck: { allow: 'fullscreen', sandbox: `${SCRIPTS} allow-presentation` },
  docswell: { allow: 'fullscreen', sandbox: `${SCRIPTS} allow-presentation` },
  slideshare: { allow: 'fullscreen', sandbox: `${SCRIPTS} allow-presentation` },
  codepen: { sandbox: `${SCRIPTS} allow-forms allow-modals` },
  stackblitz: { sandbox: `${SCRIPTS} allow-forms allow-modals` },
  codesandbox: { sandbox: `${SCRIPTS} allow-forms allow-modals` },
  // A gist's page is static HTML: no script needs to run in it.
  gist: { sandbox: 'allow-popups allow-popups-to-escape-sandbox' },
  figma: { allow: 'fullscreen', sandbox: `${SCRIPTS} allow-forms` },
  jsfiddle: { sandbox: `${SCRIPTS} allow-forms allow-modals` },
};

/** The embeds' interface strings, in the site's two languages (the site's ui.ts is not theirs to edit). */
const STRINGS = {
  ja: {
    titles: {
      youtube: 'YouTube の動画',
      tweet: 'X のポスト',
      speakerdeck: 'Speaker Deck のスライド',
      docswell: 'Docswell のスライド',
      slideshare: 'SlideShare のスライド',
      codepen: 'CodePen のデモ',
      stackblitz: 'StackBlitz のプロジェクト',
      codesandbox: 'CodeSandbox のサンドボックス',
      gist: 'GitHub Gist のコード',
      figma: 'Figma のファイル',
      jsfiddle: 'JSFiddle のデモ',
    },
    load: (title: string) => `${title}を読み込む`,
    connects: (hostName: string) => `読み込むと ${hostName} に接続します`,
  },
  en: {
    titles: {
      youtube: 'YouTube video',
      tweet: 'Post on X',
      speakerdeck: 'Speaker Deck slides',
      docswell: 'Docswell slides',
      slideshare: 'SlideShare slides',
      codepen: 'CodePen demo',
      stackblitz: 'StackBlitz project',
      codesandbox: 'CodeSandbox sandbox',
      gist: 'GitHub Gist code',
      figma: 'Figma file',
      jsfiddle: 'JSFiddle demo',
    },
    load: (title: string) => `Load the ${title}`,
    connects: (hostName: string) => `Loading connects to ${hostName}`,
  },
} satisfies Record<string, { titles: Record<EmbedProvider, string>; load: (t: string) => string; connects: (h: string) => string }>;

const isJapanese = (lang: string) => lang.toLowerCase().split('-')[0] === 'ja';

/** The embeds' strings for a BCP 47 language tag: Japanese for `ja*`, else English. */
export function embedStrings(lang: string): (typeof STRINGS)['ja'] {
  return isJapanese(lang) ? STRINGS.ja : STRINGS.en;
}

/** The URL shown for `href`: without the scheme, its domain and path decoded, and kept short. */
export function shownAddress(href: string, max = 80): string {
  const url = new URL(href);
  let rest = `${url.pathname}${url.search}${url.hash}`;
  try {
    rest = decodeURI(rest);
  } catch {
    // A malformed escape: shown as written.
  }
  const shown = `${domainToUnicode(url.hostname) || url.hostname}${url.port ? `:${url.port}` : ''}${rest}`.replace(/\/$/u, '');
  const chars = Array.from(shown);
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : shown;
}

/**
 * The markup of an embed: `<figure class="embed embed-<provider>">` with a hidden load button (for the
 * site's script) and a caption linking to the content.
 */
export function embedNode(embed: Embed, lang: string): Custom {
  const t = embedStrings(lang);
  const rules = FRAMES[embed.provider];
  const title = t.titles[embed.provider];
  const src = embed.provider === 'tweet' ? `${embed.src}&lang=${isJapanese(lang) ? 'ja' : 'en'}` : embed.src;
  const frameHost = new URL(src).hostname;
  const button = element(
    'button',
    {
      type: 'button',
      className: ['embed-load'],
      hidden: true,
      dataFeed: 'omit',
      dataEmbedSrc: src,
      dataEmbedTitle: title,
      dataEmbedAllow: rules.allow,
      dataEmbedSandbox: rules.sandbox,
      // Tweets follow the page's colour scheme when they load (Tweet.html takes `theme=dark`).
      dataEmbedDark: embed.provider === 'tweet' ? 'theme=dark' : undefined,
    },
    [element('span', { className: ['embed-load-label'] }, [text(t.load(title))]), element('span', { className: ['embed-load-note'] }, [text(t.connects(frameHost))])],
  );
  const caption = element('figcaption', { className: ['embed-caption'] }, [
    element('a', { className: ['embed-link'], href: embed.href }, [text(title)]),
    text(' '),
    element('span', { className: ['embed-address'] }, [text(shownAddress(embed.href))]),
  ]);
  return element('figure', { className: ['embed', `embed-${embed.provider}`], dataPagefindIgnore: true }, [button, caption]);
}

/** True when a page's HTML holds an embed, so that the page needs the embed loader's script. */
export function hasEmbeds(html: string): boolean {
  return html.includes('data-embed-src=');
}

/** True when a page's HTML holds a link card or an embed, so that the page needs src/styles/embeds.css. */
export function hasLinkBlocks(html: string): boolean {
  return html.includes('class="link-card') || html.includes('class="embed embed-');
}
