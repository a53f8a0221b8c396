// Every page first asks whether the refresh cookie still signs the user in: ask while the app's code
// downloads and starts; main.tsx hands the answer to AuthSession.restore. A file, not an inline script:
// the Api's Content-Security-Policy (script-src 'self') blocks inline scripts.
window.taplineEarlyRefresh = fetch('/api/v1/auth/refresh', { method: 'POST', credentials: 'same-origin' });
