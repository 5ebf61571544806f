import type { ServerRead } from '@switchboard/api-contract';
import { Button } from '../../../components/Button';
import { toast } from '../../../lib/toast';
import { useToggleServer } from '../api/toggle-server';

/** Enables a disabled server or disables an enabled one; says how it went in a toast. */
export function ToggleServerButton({ server, size = 'sm' }: { server: ServerRead; size?: 'sm' | 'md' }) {
  const toggle = useToggleServer();
  const action = server.enabled ? 'Disable' : 'Enable';
  return (
    <Button
      size={size}
      variant="secondary"
      aria-label={`${action} ${server.name}`}
      busy={toggle.isPending}
      onClick={() =>
        toggle.mutate(server, {
          onSuccess: (updated) =>
            toast.success(`${updated.name} is now ${updated.enabled ? 'enabled' : 'disabled'}.`),
          onError: (error) => toast.error(error, `Could not ${action.toLowerCase()} ${server.name}`),
        })
      }
    >
      {action}
    </Button>
  );
}
