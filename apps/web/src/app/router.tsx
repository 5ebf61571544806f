import { createBrowserRouter, Navigate } from 'react-router';
import { AgentsPage } from '../features/agents/components/AgentsPage';
import { ImportAgentPage } from '../features/agents/components/ImportAgentPage';
import { EditAgentPage, RegisterAgentPage } from '../features/agents/components/RegisterAgentPage';
import { LoginPage } from '../features/auth/components/LoginPage';
import { RequireAuth } from '../features/auth/components/RequireAuth';
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
            { index: true, element: <Navigate to="/agents" replace /> },
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
            { path: '*', element: <NotFoundPage /> },
          ],
        },
      ],
    },
  ],
  { basename: import.meta.env.BASE_URL.replace(/\/+$/, '') || '/' },
);
