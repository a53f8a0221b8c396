import { describe, expect, it } from 'vitest';
import { pageRoutes, routeFor } from './pages';

describe('routeFor (which page a first load preloads)', () => {
  it('finds the landing page, a list and a detail page', () => {
    expect(routeFor('/')?.path).toBe('/');
    expect(routeFor('/pipelines')?.path).toBe('pipelines');
    expect(routeFor('/runs/42')?.path).toBe('runs/:id');
    expect(routeFor('/plugins/extractors/tap-csv')?.path).toBe('plugins/:type/:name');
  });

  it('takes the schedule editor for /pipelines/new, not a pipeline named "new"', () => {
    expect(routeFor('/pipelines/new')?.path).toBe('pipelines/new');
    expect(routeFor('/pipelines/daily-csv/edit')?.path).toBe('pipelines/:name/edit');
  });

  it('preloads nothing for a path no page has (the not-found page is in the entry)', () => {
    expect(routeFor('/no/such/page')).toBeUndefined();
    expect(routeFor('/sign-in')).toBeUndefined();
  });

  it('gives the pages that cannot show anything without their data a query to prefetch', () => {
    expect(pageRoutes.filter((r) => r.page.query).map((r) => r.path)).toEqual(['/', 'pipelines']);
  });
});
