using Tapline.Api.Auth;

namespace Tapline.Api.Tests.Support;

/// <summary>Until the system database lands: the accounts and refresh tokens in memory.</summary>
public sealed class InMemoryAccountStore : IAccountStore
{
    private readonly Lock _gate = new();
    private readonly List<Account> _accounts = [];
    private readonly List<RefreshTokenEntry> _tokens = [];
    private readonly Dictionary<long, string> _hashes = [];

    public Account Add(string name, string role, string passwordHash, bool disabled = false)
    {
        lock (_gate)
        {
            var account = new Account(_accounts.Count + 1, name, role, disabled, 0, passwordHash);
            _accounts.Add(account);
            return account;
        }
    }

    public void Update(string name, Func<Account, Account> change)
    {
        lock (_gate)
        {
            var i = _accounts.FindIndex(a => a.Name == name);
            _accounts[i] = change(_accounts[i]);
        }
    }

    public IReadOnlyList<RefreshTokenEntry> Tokens { get { lock (_gate) return _tokens.ToList(); } }

    public Task<Account?> FindByNameAsync(string name, CancellationToken cancellationToken)
    {
        lock (_gate) return Task.FromResult(_accounts.FirstOrDefault(a => a.Name == name));
    }

    public Task<Account?> FindByIdAsync(long id, CancellationToken cancellationToken)
    {
        lock (_gate) return Task.FromResult(_accounts.FirstOrDefault(a => a.Id == id));
    }

    public Task RecordLoginAsync(long userId, DateTime at, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<RefreshTokenEntry?> FindRefreshTokenAsync(string tokenHash, CancellationToken cancellationToken)
    {
        lock (_gate) return Task.FromResult(_tokens.FirstOrDefault(t => _hashes[t.Id] == tokenHash));
    }

    public Task AddRefreshTokenAsync(long userId, string tokenHash, Guid familyId, DateTime createdAt, DateTime expiresAt, CancellationToken cancellationToken)
    {
        lock (_gate) AddLocked(userId, tokenHash, familyId, expiresAt);
        return Task.CompletedTask;
    }

    public Task<bool> RotateRefreshTokenAsync(long oldId, long userId, string newHash, Guid familyId, DateTime now, DateTime expiresAt, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var i = _tokens.FindIndex(t => t.Id == oldId);
            if (_tokens[i].RevokedAt is not null) return Task.FromResult(false);
            var next = AddLocked(userId, newHash, familyId, expiresAt);
            _tokens[i] = _tokens[i] with { RevokedAt = now, ReplacedBy = next.Id };
            return Task.FromResult(true);
        }
    }

    public Task RevokeFamilyAsync(Guid familyId, DateTime now, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            for (var i = 0; i < _tokens.Count; i++)
            {
                if (_tokens[i].FamilyId == familyId && _tokens[i].RevokedAt is null) _tokens[i] = _tokens[i] with { RevokedAt = now };
            }
        }
        return Task.CompletedTask;
    }

    public Task RevokeAllForUserAsync(long userId, DateTime now, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            for (var i = 0; i < _tokens.Count; i++)
            {
                if (_tokens[i].UserId == userId && _tokens[i].RevokedAt is null) _tokens[i] = _tokens[i] with { RevokedAt = now };
            }
        }
        return Task.CompletedTask;
    }

    private RefreshTokenEntry AddLocked(long userId, string tokenHash, Guid familyId, DateTime expiresAt)
    {
        var entry = new RefreshTokenEntry(_tokens.Count + 1, userId, familyId, expiresAt, null, null);
        _tokens.Add(entry);
        _hashes[entry.Id] = tokenHash;
        return entry;
    }
}
