import { useId } from 'react';
import { useEnvironment } from './useEnvironment';

export function EnvironmentPicker() {
  const { environment, environments, setEnvironment } = useEnvironment();
  const id = useId();
  if (environments.length === 0) return <span className="muted">No environment (base configuration)</span>;
  return (
    <label htmlFor={id}>
      Environment{' '}
      <select id={id} value={environment} onChange={(e) => setEnvironment(e.target.value)}>
        {environments.map((e) => (
          <option key={e} value={e}>
            {e}
          </option>
        ))}
      </select>
    </label>
  );
}
