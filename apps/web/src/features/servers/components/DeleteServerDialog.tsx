import type { ServerRead } from '@switchboard/api-contract';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { errorMessage } from '../../../lib/http';
import { toast } from '../../../lib/toast';
import { useDeleteServer } from '../api/delete-server';

interface DeleteServerDialogProps {
  server: Pick<ServerRead, 'id' | 'name'>;
  onClose: () => void;
  onDeleted: () => void;
  fallbackFocus?: () => HTMLElement | null;
}

/** Asks before deleting; render only while a deletion is being confirmed. */
export function DeleteServerDialog({ server, onClose, onDeleted, fallbackFocus }: DeleteServerDialogProps) {
  const remove = useDeleteServer();
  return (
    <ConfirmDialog
      testId="delete-server-dialog"
      title={`Delete ${server.name}?`}
      confirmLabel="Delete"
      busy={remove.isPending}
      error={remove.error ? errorMessage(remove.error) : null}
      onCancel={onClose}
      fallbackFocus={fallbackFocus}
      onConfirm={() =>
        remove.mutate(server, {
          onSuccess: () => {
            toast.success(`${server.name} was deleted.`);
            onDeleted();
          },
        })
      }
    >
      <p>
        <strong className="font-semibold text-slate-900">{server.name}</strong>’s MCP endpoint stops answering
        and its open sessions close. The agents themselves stay in the catalog. This cannot be undone.
      </p>
    </ConfirmDialog>
  );
}
