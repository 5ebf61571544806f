import type { ApiTokenCreated } from '@switchboard/api-contract';
import { useEffect, useRef } from 'react';
import { Button } from '../../../components/Button';
import { CopyButton } from '../../../components/CopyButton';

/** The freshly created token, the only time it is ever shown. */
export function NewTokenNotice({ token, onDone }: { token: ApiTokenCreated; onDone: () => void }) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);

  return (
    <section
      aria-labelledby="new-token-heading"
      data-testid="new-token"
      className="rounded-lg border border-emerald-300 bg-emerald-50 p-4 sm:p-6 dark:border-emerald-800 dark:bg-emerald-950"
    >
      <h2
        id="new-token-heading"
        ref={headingRef}
        tabIndex={-1}
        className="text-base font-semibold text-emerald-900 focus:outline-none dark:text-emerald-100"
      >
        Token “{token.name}” created
      </h2>
      <p className="mt-1 text-sm text-emerald-900 dark:text-emerald-200">
        Copy it now: it is shown only once. Send it as <code>Authorization: Bearer …</code>.
      </p>
      <div className="mt-3 flex flex-col gap-2 sm:flex-row sm:items-center">
        <label htmlFor="new-token-value" className="sr-only">
          New API token
        </label>
        <input
          id="new-token-value"
          data-testid="new-token-value"
          readOnly
          value={token.token}
          onFocus={(event) => event.currentTarget.select()}
          className="block w-full min-w-0 rounded-md border-0 bg-white px-3 py-2 font-mono text-sm text-slate-900 ring-1 ring-emerald-300 ring-inset dark:bg-slate-900 dark:text-slate-100 dark:ring-emerald-800"
        />
        <div className="flex gap-2">
          <CopyButton value={token.token} label="Copy token" size="md" />
          <Button variant="ghost" onClick={onDone}>
            Done
          </Button>
        </div>
      </div>
    </section>
  );
}
