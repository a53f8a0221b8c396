import { describe, expect, it } from 'vitest';
import type { Identity } from '../api/types';
import { permissionsFor } from './permissions';

const identity = (over: Partial<Identity>): Identity => ({
  authenticationEnabled: true,
  anonymousReadonly: false,
  user: { name: 'ada', role: 'admin' },
  environment: 'dev',
  projectReadonly: false,
  uiReadonly: false,
  canWrite: true,
  canEditProject: true,
  environments: ['dev', 'prod'],
  traceUrlTemplate: null,
  ...over,
});

describe('what the signed-in user may change, and why not', () => {
  it('lets an admin change everything', () => {
    expect(permissionsFor(identity({}))).toEqual({ write: null, editProject: null, ownPassword: null, isAdmin: true, signedIn: true });
  });

  it('tells a viewer that the role is the reason, but lets them change their own password', () => {
    const can = permissionsFor(identity({ user: { name: 'bob', role: 'viewer' }, canWrite: false, canEditProject: false }));
    expect(can.write).toBe('Your role is viewer: ask an admin to make changes.');
    expect(can.editProject).toBe(can.write);
    expect(can.ownPassword).toBeNull();
    expect(can.isAdmin).toBe(false);
  });

  it('names project_readonly for project edits while runs and state stay allowed', () => {
    const can = permissionsFor(identity({ projectReadonly: true, canEditProject: false }));
    expect(can.write).toBeNull();
    expect(can.editProject).toContain('project_readonly');
  });

  it('names ui.readonly for every write, own password included', () => {
    const can = permissionsFor(identity({ uiReadonly: true, canWrite: false, canEditProject: false }));
    expect(can.write).toContain('ui.readonly');
    expect(can.editProject).toContain('ui.readonly');
    expect(can.ownPassword).toContain('ui.readonly');
  });

  it('asks an anonymous reader to sign in before changing anything', () => {
    const can = permissionsFor(identity({ user: null, anonymousReadonly: true, canWrite: false, canEditProject: false }));
    expect(can.write).toBe('Sign in to make changes.');
    expect(can.signedIn).toBe(false);
    expect(can.isAdmin).toBe(false);
  });
});
