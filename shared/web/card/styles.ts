const css = `
:host {
  display: block;
  max-width: 28rem;
  font-family: var(--referral-card-font, system-ui, sans-serif);
  color: var(--referral-card-ink, #1b1f24);
}
.card {
  background: var(--referral-card-paper, #ffffff);
  border: 1px solid var(--referral-card-line, #d0d5dc);
  border-radius: var(--referral-card-radius, 12px);
  padding: 1rem;
}
h2 { font-size: 1.25rem; margin: 0 0 0.5rem; }
h3 { font-size: 0.95rem; margin: 1rem 0 0.25rem; }
.label { margin: 0; color: var(--referral-card-muted, #4f5661); font-size: 0.9rem; }
.code-row { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem; margin: 0.25rem 0 0.75rem; }
.code { font: 700 1.5rem/1.2 ui-monospace, Menlo, Consolas, monospace; letter-spacing: 0.06em; }
button, .button {
  font: inherit; font-size: 0.95rem; cursor: pointer; text-decoration: none; display: inline-flex; align-items: center;
  min-height: 2.75rem; padding: 0 0.9rem; border-radius: var(--referral-card-radius, 12px);
  border: 1px solid var(--referral-card-accent, #0b57d0); background: var(--referral-card-paper, #ffffff);
  color: var(--referral-card-accent, #0b57d0);
}
.share { display: flex; flex-wrap: wrap; gap: 0.5rem; }
.share .button:first-child { background: var(--referral-card-accent, #0b57d0); color: var(--referral-card-paper, #ffffff); }
:focus-visible { outline: 3px solid var(--referral-card-focus, #ffbf47); outline-offset: 2px; }
.live { min-height: 1.2em; margin: 0.5rem 0 0; color: var(--referral-card-ok, #146c2e); font-size: 0.9rem; }
.balance { font-size: 1.4rem; font-weight: 700; margin: 0; }
.expiring { color: var(--referral-card-warn, #7a4b00); margin: 0.25rem 0 0; }
ul { list-style: none; padding: 0; margin: 0; }
.referrals li { display: flex; justify-content: space-between; gap: 0.5rem; padding: 0.35rem 0; border-bottom: 1px solid var(--referral-card-line, #d0d5dc); }
.state { color: var(--referral-card-muted, #4f5661); text-align: right; }
.message, .empty { margin: 0; color: var(--referral-card-muted, #4f5661); }
`;

let sheet: CSSStyleSheet | null | undefined;

/**
 * The card's styles as one constructed sheet shared by every card on the page: adopted, not an
 * inline `<style>`, so a host page's Content-Security-Policy need not allow inline styles.
 */
export function cardStyles(): CSSStyleSheet | null {
  if (sheet !== undefined) return sheet;
  try {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
  } catch {
    sheet = null;
  }
  return sheet;
}
