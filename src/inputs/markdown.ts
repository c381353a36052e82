import MarkdownIt from "markdown-it";

/**
 * Markdown to HTML for mail bodies, with markdown-it. Raw HTML in the markdown is not passed through (html: false):
 * `<script>`, `<img onerror=…>` and any other tag come out as text; links and images to javascript:, vbscript:,
 * file: and non-image data: URLs are refused by markdown-it's link check and stay text. Bare URLs become links.
 */
const renderer = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false });

export function markdownToHtml(markdown: string): string {
  return renderer.render(markdown);
}
