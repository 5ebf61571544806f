import type { Part } from '@switchboard/a2a-protocol';
import { linkClass } from '../../../components/styles';

/** One A2A part as people read it: text as text, data as JSON, files as a name and type. */
function PartView({ part }: { part: Part }) {
  if ('text' in part)
    return (
      <p className="text-sm break-words whitespace-pre-wrap text-slate-800 dark:text-slate-200">
        {part.text}
      </p>
    );
  if ('url' in part)
    return (
      <a
        href={part.url}
        className={`${linkClass} text-sm break-all`}
        rel="noreferrer noopener"
        target="_blank"
      >
        {part.filename ?? part.url}
      </a>
    );
  if ('raw' in part)
    return (
      <p className="text-sm text-slate-700 dark:text-slate-300">
        File {part.filename ? <strong>{part.filename}</strong> : null} ({part.mediaType ?? 'binary'},{' '}
        {Math.round((part.raw.length * 3) / 4)} bytes)
      </p>
    );
  return (
    <pre className="overflow-x-auto rounded bg-slate-100 p-2 text-xs text-slate-800 dark:bg-slate-800 dark:text-slate-200">
      {JSON.stringify(part.data, null, 2)}
    </pre>
  );
}

export function TaskParts({ parts }: { parts: Part[] }) {
  return (
    <div className="space-y-2">
      {parts.map((part, index) => (
        <PartView key={index} part={part} />
      ))}
    </div>
  );
}
