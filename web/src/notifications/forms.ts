import { useMutation } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { useApi } from '../api/ApiContext';
import type { NotificationRule } from '../api/types';

export function useSaveRules(onSaved: () => void) {
  const api = useApi();
  return useMutation({
    mutationFn: (rules: NotificationRule[]) => api.send<NotificationRule[]>('PUT', '/notifications/rules', { rules }),
    onSuccess: onSaved,
  });
}

export function submitting(handler: () => void) {
  return (e: FormEvent) => {
    e.preventDefault();
    handler();
  };
}
