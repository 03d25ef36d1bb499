import type { ApiFailure } from '../api.js';
import { explain } from '../messages.js';

/** A refused or failed call, said where the person is looking: what happened, then the API's code and message. */
export function Problem({ failure, onRetry }: { failure: ApiFailure | null; onRetry?: (() => void) | undefined }) {
  if (!failure) return null;
  const { headline, detail } = explain(failure);
  return (
    <div class={`problem ${failure.kind}`} role="alert">
      <p class="headline">{headline}</p>
      <p class="detail">
        <code>{detail}</code>
      </p>
      {failure.kind === 'fault' && onRetry ? (
        <button type="button" class="secondary" onClick={onRetry}>
          Retry
        </button>
      ) : null}
    </div>
  );
}
