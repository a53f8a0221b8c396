import type { Identity } from '../api/types';

export interface Permissions {
  /** Null when allowed; otherwise the sentence the disabled control's tooltip says. */
  write: string | null;
  /** Changes to project files (meltano.yml, .env): schedules and settings stored there. */
  editProject: string | null;
  /** Changing one's own password: any signed-in user, unless the whole UI is read-only. */
  ownPassword: string | null;
  isAdmin: boolean;
  signedIn: boolean;
}

export function permissionsFor(identity: Identity): Permissions {
  const user = identity.user;
  const signedIn = user !== null;
  const isAdmin = !identity.authenticationEnabled || user?.role === 'admin';

  let write: string | null = null;
  if (identity.uiReadonly) write = 'The UI is read-only (ui.readonly): changes are turned off.';
  else if (identity.authenticationEnabled && !signedIn) write = 'Sign in to make changes.';
  else if (user?.role === 'viewer') write = 'Your role is viewer: ask an admin to make changes.';
  else if (!identity.canWrite) write = 'You are not allowed to make changes.';

  let editProject = write;
  if (!editProject && (identity.projectReadonly || !identity.canEditProject)) {
    editProject = 'The project is read-only (project_readonly): meltano.yml cannot be changed here.';
  }

  let ownPassword: string | null = null;
  if (!identity.authenticationEnabled) ownPassword = 'Authentication is off (ui.authentication): there are no passwords.';
  else if (!signedIn) ownPassword = 'Sign in to change your password.';
  else if (identity.uiReadonly) ownPassword = 'The UI is read-only (ui.readonly): changes are turned off.';

  return { write, editProject, ownPassword, isAdmin, signedIn };
}
