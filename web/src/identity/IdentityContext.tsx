import { createContext, useContext } from 'react';
import type { Identity } from '../api/types';
import type { Permissions } from './permissions';

export interface IdentityValue {
  identity: Identity;
  can: Permissions;
}

export const IdentityContext = createContext<IdentityValue | null>(null);

export function useIdentity(): IdentityValue {
  const value = useContext(IdentityContext);
  if (!value) throw new Error('useIdentity needs the identity to be loaded above it.');
  return value;
}
