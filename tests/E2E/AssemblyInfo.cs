// Each test class starts a whole AppHost (PostgreSQL, three services, Vite) and a browser;
// two at once on a 2-core machine only make both slower and their waits longer.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
