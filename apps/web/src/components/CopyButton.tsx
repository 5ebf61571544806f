import { useEffect, useState } from 'react';
import { toast } from '../lib/toast';
import { Button } from './Button';

interface CopyButtonProps {
  /** The text put on the clipboard. */
  value: string;
  /** Accessible name, e.g. "Copy MCP URL". */
  label: string;
  size?: 'sm' | 'md';
  className?: string;
}

/** Copies `value` to the clipboard; says "Copied" for a moment (announced politely). */
export function CopyButton({ value, label, size = 'sm', className }: CopyButtonProps) {
  const [copied, setCopied] = useState(false);

  useEffect(() => {
    if (!copied) return;
    const timer = window.setTimeout(() => setCopied(false), 2000);
    return () => window.clearTimeout(timer);
  }, [copied]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      // No clipboard access (insecure origin or denied): the value stays selectable on the page.
      toast.error('Could not copy to the clipboard. Select the text and copy it instead.');
    }
  };

  return (
    <>
      <Button
        variant="secondary"
        size={size}
        aria-label={label}
        className={className}
        onClick={() => void copy()}
      >
        {copied ? 'Copied' : 'Copy'}
      </Button>
      <span role="status" className="sr-only">
        {copied ? 'Copied to the clipboard' : ''}
      </span>
    </>
  );
}
