using System.Runtime.InteropServices;

namespace GenAIExecuter.Keyring;

/// <summary>The few libsecret (and GLib) calls the keyring needs, through their non-variadic forms: look up, store
/// and clear one password by its attributes. libsecret talks to whatever Secret Service the desktop runs
/// (gnome-keyring, KWallet, KeePassXC), the same store Python's <c>keyring</c> package uses.</summary>
/// <remarks>Microsoft.Identity.Client.Extensions.Msal wraps the same library but base64-encodes every secret, so it can
/// neither read a key stored by Python's <c>keyring</c> nor store one that Python can read; hence this thin binding.</remarks>
internal static unsafe partial class LibSecret
{
    private const string Secret = "libsecret-1.so.0";
    private const string GLib = "libglib-2.0.so.0";
    private const string Gio = "libgio-2.0.so.0";
    private const string GObject = "libgobject-2.0.so.0";

    /// <summary>SECRET_SCHEMA_DONT_MATCH_NAME: match items by their attributes alone, whoever stored them.</summary>
    private const int DontMatchName = 1 << 1;

    /// <summary>True when libsecret and GLib can be loaded on this machine.</summary>
    public static bool IsInstalled { get; } = OperatingSystem.IsLinux() && CanLoad(Secret) && CanLoad(GLib);

    private static bool CanLoad(string library)
    {
        if (!NativeLibrary.TryLoad(library, out var handle))
        {
            return false;
        }

        NativeLibrary.Free(handle);
        return true;
    }

    /// <summary>The password stored under the attributes, or null when there is none.</summary>
    /// <exception cref="KeyringCallException">libsecret reported an error (no Secret Service, locked, cancelled).</exception>
    public static string? Lookup(IReadOnlyDictionary<string, string> attributes, TimeSpan timeout)
    {
        using var call = new Call(attributes, timeout);
        var password = secret_password_lookupv_sync(Schema.Pointer, call.Attributes, call.Cancellable, out var error);
        call.ThrowIf(error);
        if (password == 0)
        {
            return null;
        }

        try
        {
            return Marshal.PtrToStringUTF8(password);
        }
        finally
        {
            secret_password_free(password);
        }
    }

    /// <summary>Stores the password under the attributes in the default collection, replacing an item with the same
    /// attributes.</summary>
    /// <exception cref="KeyringCallException">libsecret reported an error.</exception>
    public static void Store(IReadOnlyDictionary<string, string> attributes, string label, string password, TimeSpan timeout)
    {
        using var call = new Call(attributes, timeout);
        using var labelText = new Utf8(label);
        using var passwordText = new Utf8(password);
        _ = secret_password_storev_sync(Schema.Pointer, call.Attributes, 0, labelText.Pointer, passwordText.Pointer, call.Cancellable, out var error);
        call.ThrowIf(error);
    }

    /// <summary>Deletes every item with the attributes; false when there was none.</summary>
    /// <exception cref="KeyringCallException">libsecret reported an error.</exception>
    public static bool Clear(IReadOnlyDictionary<string, string> attributes, TimeSpan timeout)
    {
        using var call = new Call(attributes, timeout);
        var removed = secret_password_clearv_sync(Schema.Pointer, call.Attributes, call.Cancellable, out var error);
        call.ThrowIf(error);
        return removed != 0;
    }

    /// <summary>One call's native arguments: the attribute table, and a GCancellable cancelled when the timeout passes
    /// (an unlock prompt nobody can answer must not hang the caller).</summary>
    private sealed class Call : IDisposable
    {
        private readonly List<Utf8> _strings = [];
        private readonly Timer _timer;
        private readonly TimeSpan _timeout;
        private volatile bool _expired;

        public Call(IReadOnlyDictionary<string, string> attributes, TimeSpan timeout)
        {
            Attributes = g_hash_table_new(Glib.StrHash, Glib.StrEqual);
            foreach (var (name, value) in attributes)
            {
                var key = new Utf8(name);
                var text = new Utf8(value);
                _strings.Add(key);
                _strings.Add(text);
                _ = g_hash_table_insert(Attributes, key.Pointer, text.Pointer); // false only when the name was already there
            }

            Cancellable = g_cancellable_new();
            _timeout = timeout;
            _timer = new Timer(static state => ((Call)state!).Expire(), this, timeout, Timeout.InfiniteTimeSpan);
        }

        public nint Attributes { get; }

        public nint Cancellable { get; }

        public void ThrowIf(nint error)
        {
            if (error == 0)
            {
                return;
            }

            var message = Marshal.PtrToStringUTF8(((GError*)error)->Message) ?? "unknown error";
            g_error_free(error);
            throw _expired
                ? new KeyringCallException($"no answer within {_timeout.TotalSeconds:0} s (a locked keyring waiting for a password prompt?)", timedOut: true)
                : new KeyringCallException(message, timedOut: false);
        }

        private void Expire()
        {
            _expired = true;
            g_cancellable_cancel(Cancellable);
        }

        public void Dispose()
        {
            using (var stopped = new ManualResetEvent(false))
            {
                _timer.Dispose(stopped);
                stopped.WaitOne(); // a running cancel callback finishes before the cancellable is released
            }

            g_hash_table_unref(Attributes);
            g_object_unref(Cancellable);
            foreach (var text in _strings)
            {
                text.Dispose();
            }
        }
    }

    /// <summary>A NUL-terminated UTF-8 copy of a string in native memory, zeroed before it is freed (it may be a key).</summary>
    private readonly struct Utf8 : IDisposable
    {
        private readonly int _length;

        public Utf8(string text)
        {
            Pointer = Marshal.StringToCoTaskMemUTF8(text);
            _length = System.Text.Encoding.UTF8.GetByteCount(text);
        }

        public nint Pointer { get; }

        public void Dispose()
        {
            new Span<byte>((void*)Pointer, _length).Clear();
            Marshal.FreeCoTaskMem(Pointer);
        }
    }

    /// <summary>The schema: generic items with <c>service</c>, <c>username</c> and <c>application</c>, the attributes
    /// Python's <c>keyring</c> writes; lookups match on the first two. Built once in native memory and kept for the life of the process.</summary>
    private static class Schema
    {
        public static readonly nint Pointer = Build();

        private static nint Build()
        {
            var schema = (SecretSchema*)NativeMemory.AllocZeroed((nuint)sizeof(SecretSchema));
            schema->Name = Marshal.StringToCoTaskMemUTF8("org.freedesktop.Secret.Generic");
            schema->Flags = DontMatchName;
            schema->Attributes[0] = new SecretSchemaAttribute { Name = Marshal.StringToCoTaskMemUTF8("service") };
            schema->Attributes[1] = new SecretSchemaAttribute { Name = Marshal.StringToCoTaskMemUTF8("username") };
            schema->Attributes[2] = new SecretSchemaAttribute { Name = Marshal.StringToCoTaskMemUTF8("application") };
            return (nint)schema;
        }
    }

    /// <summary>g_str_hash and g_str_equal, the hash table's string functions.</summary>
    private static class Glib
    {
        private static readonly nint Library = NativeLibrary.Load(GLib);
        public static readonly nint StrHash = NativeLibrary.GetExport(Library, "g_str_hash");
        public static readonly nint StrEqual = NativeLibrary.GetExport(Library, "g_str_equal");
    }

    /// <summary>SecretSchemaAttribute: a name and a type (0, string).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct SecretSchemaAttribute
    {
        public nint Name;
        public int Type;
    }

    [System.Runtime.CompilerServices.InlineArray(32)]
    private struct SchemaAttributes
    {
        private SecretSchemaAttribute _first;
    }

    /// <summary>SecretSchema as libsecret declares it: name, flags, 32 attributes, then reserved fields.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct SecretSchema
    {
        public nint Name;
        public int Flags;
        public SchemaAttributes Attributes;
        public int Reserved;
        public nint Reserved1;
        public nint Reserved2;
        public nint Reserved3;
        public nint Reserved4;
        public nint Reserved5;
        public nint Reserved6;
        public nint Reserved7;
    }

    /// <summary>GError: domain, code, message.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct GError
    {
        public uint Domain;
        public int Code;
        public nint Message;
    }

    [LibraryImport(Secret)]
    private static partial nint secret_password_lookupv_sync(nint schema, nint attributes, nint cancellable, out nint error);

    [LibraryImport(Secret)]
    private static partial int secret_password_storev_sync(nint schema, nint attributes, nint collection, nint label, nint password, nint cancellable, out nint error);

    [LibraryImport(Secret)]
    private static partial int secret_password_clearv_sync(nint schema, nint attributes, nint cancellable, out nint error);

    [LibraryImport(Secret)]
    private static partial void secret_password_free(nint password);

    [LibraryImport(GLib)]
    private static partial nint g_hash_table_new(nint hash, nint equal);

    [LibraryImport(GLib)]
    private static partial int g_hash_table_insert(nint table, nint key, nint value);

    [LibraryImport(GLib)]
    private static partial void g_hash_table_unref(nint table);

    [LibraryImport(GLib)]
    private static partial void g_error_free(nint error);

    [LibraryImport(Gio)]
    private static partial nint g_cancellable_new();

    [LibraryImport(Gio)]
    private static partial void g_cancellable_cancel(nint cancellable);

    [LibraryImport(GObject)]
    private static partial void g_object_unref(nint instance);
}

/// <summary>A libsecret call failed; the message is libsecret's own, or says it timed out.</summary>
internal sealed class KeyringCallException(string message, bool timedOut) : Exception(message)
{
    /// <summary>The Secret Service did not answer in time (the call was cancelled).</summary>
    public bool TimedOut { get; } = timedOut;
}
