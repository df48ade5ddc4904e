import type { ProjectRole } from '../../shared/permissions.ts';
import type { ProjectRecord } from '../db/stores/projects.ts';
import type { UserRow } from '../db/stores/users.ts';

declare global {
  namespace Express {
    interface Request {
      /** Set by `authenticate` when a valid session cookie or API token came with the request. */
      user?: UserRow;
      /** The session id behind the cookie, so logout can end exactly this session. */
      sessionId?: string;
      /** Set by `projectGuard`: the project named in the URL and the caller's role in it. */
      project?: ProjectRecord;
      projectRole?: ProjectRole | null;
    }
  }
}
