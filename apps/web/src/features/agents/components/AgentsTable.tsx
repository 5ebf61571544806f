import type { AgentRead } from '@switchboard/api-contract';
import { AgentRow } from './AgentRow';

interface AgentsTableProps {
  agents: AgentRead[];
  canWrite: boolean;
  onDelete: (agent: AgentRead) => void;
  onNotice: (message: string) => void;
  onError: (message: string) => void;
}

const th =
  'px-3 py-3 text-left text-xs font-semibold tracking-wide text-slate-700 dark:text-slate-300 uppercase';

export function AgentsTable({ agents, canWrite, onDelete, onNotice, onError }: AgentsTableProps) {
  return (
    <div className="overflow-x-auto rounded-lg bg-white dark:bg-slate-900 shadow-sm ring-1 ring-slate-200 dark:ring-slate-700">
      <table
        data-testid="agents-table"
        className="min-w-full divide-y divide-slate-200 dark:divide-slate-800 text-sm"
      >
        <caption className="sr-only">Registered agents</caption>
        <thead className="bg-slate-50 dark:bg-slate-800/50">
          <tr>
            <th scope="col" className={`${th} pl-4 sm:pl-6`}>
              Name
            </th>
            <th scope="col" className={th}>
              Provider
            </th>
            <th scope="col" className={th}>
              Tags
            </th>
            <th scope="col" className={th}>
              Status
            </th>
            <th scope="col" className={th}>
              Endpoint
            </th>
            {canWrite && (
              <th scope="col" className={`${th} pr-4 text-right sm:pr-6`}>
                Actions
              </th>
            )}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {agents.map((agent) => (
            <AgentRow
              key={agent.id}
              agent={agent}
              canWrite={canWrite}
              onDelete={onDelete}
              onNotice={onNotice}
              onError={onError}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}
