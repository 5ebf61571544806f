import type { AgentRead } from '@switchboard/api-contract';
import { Fragment, useState } from 'react';
import { useAgentLatencies } from '../api/agent-latency';
import { AgentRow } from './AgentRow';
import { AgentTestPanel } from './AgentTestPanel';

interface AgentsTableProps {
  agents: AgentRead[];
  canWrite: boolean;
  onDelete: (agent: AgentRead) => void;
  onNotice: (message: string) => void;
}

const th =
  'px-3 py-3 text-left text-xs font-semibold tracking-wide text-slate-700 uppercase dark:text-slate-300';
const COLUMNS = 9;

export function AgentsTable({ agents, canWrite, onDelete, onNotice }: AgentsTableProps) {
  const latencies = useAgentLatencies();
  const [testing, setTesting] = useState<string | null>(null);

  return (
    <div className="overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-700">
      <table
        data-testid="agents-table"
        className="min-w-full divide-y divide-slate-200 text-sm dark:divide-slate-800"
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
            <th scope="col" className={`${th} hidden xl:table-cell`}>
              Tags
            </th>
            <th scope="col" className={th}>
              Health
            </th>
            <th scope="col" className={`${th} text-right`}>
              <abbr title="Successful calls, all time" className="no-underline">
                Success
              </abbr>
            </th>
            <th scope="col" className={`${th} text-right`}>
              <abbr title="95th percentile latency, last 24 hours" className="no-underline">
                p95
              </abbr>
            </th>
            <th scope="col" className={`${th} hidden lg:table-cell`}>
              Last call
            </th>
            <th scope="col" className={th}>
              Enabled
            </th>
            <th scope="col" className={`${th} pr-4 text-right sm:pr-6`}>
              Actions
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {agents.map((agent) => (
            <Fragment key={agent.id}>
              <AgentRow
                agent={agent}
                p95Ms={latencies.data?.get(agent.id)}
                canWrite={canWrite}
                testing={testing === agent.id}
                onTest={(a) => setTesting((open) => (open === a.id ? null : a.id))}
                onDelete={onDelete}
                onNotice={onNotice}
              />
              {testing === agent.id && (
                <tr className="bg-slate-50 dark:bg-slate-800/40">
                  <td colSpan={COLUMNS} className="px-4 py-3 sm:px-6">
                    <AgentTestPanel agent={agent} onClose={() => setTesting(null)} />
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
  );
}
