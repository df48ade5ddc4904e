import type { ComponentType } from 'react';
import { createBrowserRouter, Navigate } from 'react-router';
import type { ProjectAction } from '../../shared/permissions.ts';
import { LoginPage } from '../pages/login/LoginPage.tsx';
import { ProjectIndex, ProjectPage, TabGuard } from '../pages/project/ProjectPage.tsx';
import { ProjectsPage } from '../pages/projects/ProjectsPage.tsx';
import { NotFound, RequireAdmin, RequireAuth, Shell } from './Shell.tsx';

/**
 * Screens past the first ones load on demand: the router fetches a screen's code before it
 * navigates, so there is no loading flash, and an annotator never downloads the admin screens.
 */
const tab = (action: ProjectAction[], load: () => Promise<ComponentType>) => async () => {
  const Tab = await load();
  return {
    element: (
      <TabGuard action={action}>
        <Tab />
      </TabGuard>
    ),
  };
};

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  {
    // The canvas benchmark's page (npm run bench:canvas): generated image and shapes, no data.
    path: '/bench/canvas',
    lazy: async () => ({ Component: (await import('../pages/canvas-bench/CanvasBenchPage.tsx')).default }),
  },
  {
    element: <RequireAuth />,
    children: [
      {
        element: <Shell />,
        children: [
          { index: true, element: <Navigate to="/projects" replace /> },
          { path: 'projects', element: <ProjectsPage /> },
          {
            path: 'projects/new',
            element: <RequireAdmin />,
            children: [
              {
                index: true,
                lazy: async () => ({
                  Component: (await import('../pages/projects/NewProjectPage.tsx')).NewProjectPage,
                }),
              },
            ],
          },
          {
            path: 'projects/:id/label',
            lazy: async () => ({ Component: (await import('../pages/label/LabelPage.tsx')).default }),
          },
          {
            path: 'projects/:id/review',
            lazy: async () => ({ Component: (await import('../pages/review/ReviewPage.tsx')).default }),
          },
          {
            path: 'projects/:id',
            element: <ProjectPage />,
            children: [
              { index: true, element: <ProjectIndex /> },
              {
                path: 'data',
                lazy: tab(['items.read'], async () => (await import('../pages/project/DataTab.tsx')).DataTab),
              },
              {
                path: 'dashboard',
                lazy: tab(
                  ['stats.read'],
                  async () => (await import('../pages/project/DashboardTab.tsx')).DashboardTab,
                ),
              },
              {
                path: 'io',
                lazy: tab(
                  ['items.import', 'items.export'],
                  async () => (await import('../pages/project/ImportExportTab.tsx')).ImportExportTab,
                ),
              },
              {
                path: 'settings',
                lazy: tab(
                  ['project.update'],
                  async () => (await import('../pages/project/SettingsTab.tsx')).SettingsTab,
                ),
              },
              {
                path: 'members',
                lazy: tab(
                  ['members.read'],
                  async () => (await import('../pages/project/MembersTab.tsx')).MembersTab,
                ),
              },
            ],
          },
          {
            element: <RequireAdmin />,
            children: [
              {
                path: 'users',
                lazy: async () => ({ Component: (await import('../pages/users/UsersPage.tsx')).UsersPage }),
              },
              {
                path: 'audit',
                lazy: async () => ({ Component: (await import('../pages/audit/AuditPage.tsx')).AuditPage }),
              },
            ],
          },
          {
            path: 'account',
            lazy: async () => ({ Component: (await import('../pages/account/AccountPage.tsx')).AccountPage }),
          },
          { path: '*', element: <NotFound /> },
        ],
      },
    ],
  },
]);
