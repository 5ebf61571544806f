import type { AgentRead } from '@switchboard/api-contract';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { errorMessage } from '../../../lib/http';
import { useDeleteAgent } from '../api/delete-agent';

interface DeleteAgentDialogProps {
  agent: AgentRead;
  onClose: () => void;
  onDeleted: (agent: AgentRead) => void;
  fallbackFocus: () => HTMLElement | null;
}

/** Asks before deleting; render only while a deletion is being confirmed. */
export function DeleteAgentDialog({ agent, onClose, onDeleted, fallbackFocus }: DeleteAgentDialogProps) {
  const remove = useDeleteAgent();
  return (
    <ConfirmDialog
      testId="delete-agent-dialog"
      title={`Delete ${agent.name}?`}
      confirmLabel="Delete"
      busy={remove.isPending}
      error={remove.error ? errorMessage(remove.error) : null}
      onCancel={onClose}
      onConfirm={() => remove.mutate(agent, { onSuccess: () => onDeleted(agent) })}
      fallbackFocus={fallbackFocus}
    >
      <p>
        <strong className="font-semibold text-slate-900 dark:text-slate-100">{agent.name}</strong> will be
        removed from the catalog and the gateway will stop routing to it. This cannot be undone.
      </p>
    </ConfirmDialog>
  );
}
