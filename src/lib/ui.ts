/**
 * Every interface string, in Japanese and English. The site's `lang` (or a post's) picks the set;
 * a language without its own set reads English.
 */
const strings = {
  ja: {
    home: 'ホーム',
    tags: 'タグ',
    archive: 'アーカイブ',
    rss: 'RSS',
    newer: '新しい記事',
    older: '古い記事',
    previousPage: '前のページ',
    nextPage: '次のページ',
    pageOf: (n: number, count: number) => `${n} / ${count} ページ`,
    draft: '下書き',
    updated: '更新',
    postsTagged: (tag: string) => `「${tag}」の記事`,
    postCount: (n: number) => `${n}件`,
    allTags: 'すべてのタグ',
    notFoundTitle: 'ページが見つかりません',
    notFoundBody: 'お探しのページは移動したか、削除された可能性があります。',
    backHome: 'ホームへ戻る',
    noPosts: 'まだ記事がありません。',
    pagination: 'ページ送り',
    postNavigation: '前後の記事',
    readingTime: (minutes: number) => `約${minutes}分`,
    tableOfContents: '目次',
    linkToHeading: (heading: string) => `見出し「${heading}」へのリンク`,
    footnotes: '脚注',
    backToReference: '本文の参照 {reference} に戻る',
  },
  en: {
    home: 'Home',
    tags: 'Tags',
    archive: 'Archive',
    rss: 'RSS',
    newer: 'Newer post',
    older: 'Older post',
    previousPage: 'Previous page',
    nextPage: 'Next page',
    pageOf: (n: number, count: number) => `Page ${n} of ${count}`,
    draft: 'Draft',
    updated: 'Updated',
    postsTagged: (tag: string) => `Posts tagged “${tag}”`,
    postCount: (n: number) => (n === 1 ? '1 post' : `${n} posts`),
    allTags: 'All tags',
    notFoundTitle: 'Page not found',
    notFoundBody: 'The page you are looking for may have moved or been removed.',
    backHome: 'Back to the home page',
    noPosts: 'No posts yet.',
    pagination: 'Pagination',
    postNavigation: 'More posts',
    readingTime: (minutes: number) => `${minutes} min read`,
    tableOfContents: 'Contents',
    linkToHeading: (heading: string) => `Link to the heading “${heading}”`,
    footnotes: 'Footnotes',
    backToReference: 'Back to reference {reference}',
  },
} satisfies Record<string, Record<string, string | ((...args: never[]) => string)>>;

export type UiStrings = (typeof strings)['ja'];

/** The interface strings for a BCP 47 language tag (`ja`, `ja-JP`, `en-US`, ...). */
export function ui(lang: string): UiStrings {
  const primary = lang.toLowerCase().split('-')[0];
  return primary === 'ja' ? strings.ja : strings.en;
}
