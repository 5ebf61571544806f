import { createBrowserRouter, Navigate } from 'react-router';
import { AgentsPage } from '../features/agents/components/AgentsPage';
import { RegisterAgentPage } from '../features/agents/components/RegisterAgentPage';
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
            { path: '*', element: <NotFoundPage /> },
          ],
        },
      ],
    },
  ],
  { basename: import.meta.env.BASE_URL.replace(/\/+$/, '') || '/' },
);
