using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Primitives;

namespace Tapline.Api.Spa;

/// <summary>
/// The web root seen through one content coding: <c>/assets/x.js</c> is the file <c>/assets/x.js.br</c>.
/// The static file middleware over it keeps the request's path, so Content-Type comes from
/// <c>.js</c>, while length, ETag, Last-Modified and ranges are those of the bytes sent.
/// </summary>
internal sealed class CodedFileProvider(IFileProvider webRoot, ContentCoding coding) : IFileProvider
{
    public IFileInfo GetFileInfo(string subpath) => webRoot.GetFileInfo(subpath + coding.Suffix);

    public IDirectoryContents GetDirectoryContents(string subpath) => NotFoundDirectoryContents.Singleton;

    public IChangeToken Watch(string filter) => NullChangeToken.Singleton;
}
