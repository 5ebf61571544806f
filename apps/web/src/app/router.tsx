import { createBrowserRouter, Navigate } from 'react-router';
import { AgentsPage } from '../features/agents/components/AgentsPage';
import { ImportAgentPage } from '../features/agents/components/ImportAgentPage';
import { EditAgentPage, RegisterAgentPage } from '../features/agents/components/RegisterAgentPage';
import { LoginPage } from '../features/auth/components/LoginPage';
import { RequireAuth } from '../features/auth/components/RequireAuth';
import { ServerDetailPage } from '../features/servers/components/ServerDetailPage';
import { ServerFormPage } from '../features/servers/components/ServerFormPage';
import { ServersPage } from '../features/servers/components/ServersPage';
import { TaskDetailPage } from '../features/tasks/components/TaskDetailPage';
import { TasksPage } from '../features/tasks/components/TasksPage';
import { TokensPage } from '../features/tokens/components/TokensPage';
import { AppLayout } from './AppLayout';
import { NotFoundPage } from './NotFoundPage';

/** Client routes, all under the `/admin` base the API serves this app from. */
export const router = createBrowserRouter(
  [
    { path: '/login', element: <LoginPage /> },
    {
      element: <RequireAuth />,
      children: [
        {
          element: <AppLayout />,
          children: [
            { index: true, element: <Navigate to="/overview" replace /> },
            // The overview carries the charts library: loaded when first opened, not with the login page.
            {
              path: '/overview',
              lazy: async () => {
                const { OverviewPage } = await import('../features/overview/components/OverviewPage');
                return { element: <OverviewPage /> };
              },
            },
            { path: '/agents', element: <AgentsPage /> },
            { path: '/agents/new', element: <RegisterAgentPage /> },
            { path: '/agents/import', element: <ImportAgentPage /> },
            { path: '/agents/:id/edit', element: <EditAgentPage /> },
            // The detail page carries the charts library: loaded when first opened.
            {
              path: '/agents/:id',
              lazy: async () => {
                const { AgentDetailPage } = await import('../features/agents/components/AgentDetailPage');
                return { element: <AgentDetailPage tab="overview" /> };
              },
            },
            {
              path: '/agents/:id/playground',
              lazy: async () => {
                const { AgentDetailPage } = await import('../features/agents/components/AgentDetailPage');
                return { element: <AgentDetailPage tab="playground" /> };
              },
            },
            { path: '/servers', element: <ServersPage /> },
            { path: '/servers/new', element: <ServerFormPage /> },
            { path: '/servers/:serverId', element: <ServerDetailPage /> },
            { path: '/servers/:serverId/edit', element: <ServerFormPage /> },
            { path: '/tasks', element: <TasksPage /> },
            { path: '/tasks/:agentName/:taskId', element: <TaskDetailPage /> },
            { path: '/tokens', element: <TokensPage /> },
            { path: '*', element: <NotFoundPage /> },
          ],
        },
      ],
    },
  ],
  { basename: import.meta.env.BASE_URL.replace(/\/+$/, '') || '/' },
);
