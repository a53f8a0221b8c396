using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Tapline.Core.Data;

/// <summary>Stores enums as the lowercase words the Api, the SPA and hand-written SQL use (<c>running</c>).</summary>
internal sealed class LowercaseEnumConverter<TEnum>() : ValueConverter<TEnum, string>(
    v => v.ToString().ToLowerInvariant(),
    v => Enum.Parse<TEnum>(v, true))
    where TEnum : struct, Enum;
