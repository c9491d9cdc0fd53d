using System.Runtime.InteropServices;

namespace Functional.Native;

/// <summary>
/// OpenMPI's C API, bound at run time. OpenMPI's handles (<c>MPI_COMM_WORLD</c>, <c>MPI_FLOAT</c>, <c>MPI_SUM</c>, ...)
/// are the addresses of exported data symbols (<c>ompi_mpi_comm_world</c>, ...), read with
/// <see cref="NativeLibrary.GetExport"/>; the functions are called through unmanaged function pointers, so a machine
/// without <c>libmpi.so.40</c> loads this class fine and simply has no MPI (<see cref="TryLoad"/> says so).
/// </summary>
internal static unsafe class Mpi
{
    /// <summary>The library's file name (Debian's <c>openmpi-bin</c>, OpenMPI 4.x).</summary>
    public const string LibraryName = "libmpi.so.40";

    /// <summary>MPI_SUCCESS.</summary>
    public const int Success = 0;

    /// <summary>MPI_MAX_ERROR_STRING in OpenMPI.</summary>
    private const int MaxErrorString = 256;

    /// <summary>MPI_THREAD_SERIALIZED: any thread may call, one at a time (the fold's thread may change under async code).</summary>
    public const int ThreadSerialized = 2;

    /// <summary>MPI_IN_PLACE is <c>(void*)1</c> in OpenMPI.</summary>
    public static readonly nint InPlace = 1;

    private static nint lib;

    public static nint CommWorld, Float, Double, Int, OpSum, OpMax, ErrorsReturn;

    public static delegate* unmanaged<int*, byte***, int, int*, int> InitThread;
    public static delegate* unmanaged<int*, int> Initialized;
    public static delegate* unmanaged<int*, int> Finalized;
    public static delegate* unmanaged<int> FinalizeFn;
    public static delegate* unmanaged<nint, int*, int> CommRank;
    public static delegate* unmanaged<nint, int*, int> CommSize;
    public static delegate* unmanaged<nint, nint, int> CommSetErrhandler;
    public static delegate* unmanaged<nint, void*, int, nint, nint, nint, int> Allreduce;
    public static delegate* unmanaged<void*, int, nint, int, nint, int> Bcast;
    public static delegate* unmanaged<nint, int> Barrier;
    public static delegate* unmanaged<nint, int, int> Abort;
    private static delegate* unmanaged<int, byte*, int*, int> errorString;

    /// <summary>Loads the library and resolves every symbol; false (with the reason) when the library or a symbol is missing.</summary>
    public static bool TryLoad(out string reason)
    {
        if (lib != 0) { reason = ""; return true; }
        if (!NativeLibrary.TryLoad(LibraryName, out var h))
        {
            reason = $"{LibraryName} was not found (install Debian's openmpi-bin)";
            return false;
        }
        try
        {
            CommWorld = Data(h, "ompi_mpi_comm_world");
            Float = Data(h, "ompi_mpi_float");
            Double = Data(h, "ompi_mpi_double");
            Int = Data(h, "ompi_mpi_int");
            OpSum = Data(h, "ompi_mpi_op_sum");
            OpMax = Data(h, "ompi_mpi_op_max");
            ErrorsReturn = Data(h, "ompi_mpi_errors_return");
            InitThread = (delegate* unmanaged<int*, byte***, int, int*, int>)Data(h, "MPI_Init_thread");
            Initialized = (delegate* unmanaged<int*, int>)Data(h, "MPI_Initialized");
            Finalized = (delegate* unmanaged<int*, int>)Data(h, "MPI_Finalized");
            FinalizeFn = (delegate* unmanaged<int>)Data(h, "MPI_Finalize");
            CommRank = (delegate* unmanaged<nint, int*, int>)Data(h, "MPI_Comm_rank");
            CommSize = (delegate* unmanaged<nint, int*, int>)Data(h, "MPI_Comm_size");
            CommSetErrhandler = (delegate* unmanaged<nint, nint, int>)Data(h, "MPI_Comm_set_errhandler");
            Allreduce = (delegate* unmanaged<nint, void*, int, nint, nint, nint, int>)Data(h, "MPI_Allreduce");
            Bcast = (delegate* unmanaged<void*, int, nint, int, nint, int>)Data(h, "MPI_Bcast");
            Barrier = (delegate* unmanaged<nint, int>)Data(h, "MPI_Barrier");
            Abort = (delegate* unmanaged<nint, int, int>)Data(h, "MPI_Abort");
            errorString = (delegate* unmanaged<int, byte*, int*, int>)Data(h, "MPI_Error_string");
        }
        catch (EntryPointNotFoundException e)
        {
            NativeLibrary.Free(h);
            reason = $"{LibraryName} lacks a symbol: {e.Message}";
            return false;
        }
        lib = h;
        reason = "";
        return true;
    }

    private static nint Data(nint h, string name) => NativeLibrary.GetExport(h, name);

    /// <summary>MPI's own text for an error code (MPI_Error_string).</summary>
    public static string ErrorString(int code)
    {
        if (errorString == null) return $"MPI error {code}";
        var buf = stackalloc byte[MaxErrorString + 1];
        var len = 0;
        if (errorString(code, buf, &len) != Success) return $"MPI error {code}";
        return System.Text.Encoding.ASCII.GetString(buf, Math.Clamp(len, 0, MaxErrorString)).TrimEnd('\0');
    }

    /// <summary>Throws <see cref="MpiException"/> naming <paramref name="call"/> when <paramref name="code"/> is not MPI_SUCCESS.</summary>
    public static void Check(int code, string call)
    {
        if (code != Success) throw new MpiException(call, code, ErrorString(code));
    }
}
