using System.Reflection;
using System.Reflection.Emit;
using Ctsft.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Ctsft.Tests.Runtime;

/// <summary>
/// Ctsft.Core never hands libtorch a Scalar that only the finaliser will free (see <see cref="HeldScalars"/>): read from
/// the compiled IL, every Scalar it makes is stored (by convention in a <c>using</c> local or a static field) and it calls
/// no TorchSharp method that makes such a Scalar itself (the tensor operators with a number, <c>add(Tensor)</c>'s alpha
/// of 1, <c>arange(stop)</c>'s start and step, ...).
/// </summary>
public class HeldScalarRulesTests
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly Lazy<HashSet<MethodBase>> TemporaryMakers = new(FindTemporaryMakers);

    [Fact]
    public void Ctsft_core_passes_libtorch_no_temporary_scalar()
    {
        var methods = Methods(typeof(HeldScalars).Assembly).ToArray();
        Assert.Contains(methods, m => Calls(m).Any(c => c.Callee.DeclaringType?.Assembly == typeof(torch).Assembly));
        var offending = methods.SelectMany(Offences).ToArray();
        Assert.True(offending.Length == 0, "temporary Scalars (hold them: HeldScalars, or a using local):\n" + string.Join("\n", offending));
    }

    [Fact]
    public void The_rule_finds_each_kind_of_temporary_scalar()
    {
        string[] Found(string name) => Offences(typeof(Hazards).GetMethod(name, Declared)!).ToArray();
        Assert.Contains(Found(nameof(Hazards.AddsWithOperator)), o => o.Contains("op_Addition"));
        Assert.Contains(Found(nameof(Hazards.AddsWithDefaultAlpha)), o => o.Contains("add(Tensor)"));
        Assert.Contains(Found(nameof(Hazards.ScalesByNumber)), o => o.Contains("temporary Scalar"));
        Assert.Contains(Found(nameof(Hazards.CountsFromZero)), o => o.Contains("arange"));
        Assert.Empty(Found(nameof(Hazards.Held)));
    }

    [Fact]
    public void Held_helpers_compute_what_the_operators_compute()
    {
        using var scope = NewDisposeScope();
        var a = tensor(new[] { 1.5f, -2f, 3.25f });
        var b = tensor(new[] { 0.25f, 4f, -1f });
        AssertSame(a + b, a.Plus(b));
        AssertSame(a + b, a.clone().PlusInPlace(b));
        AssertSame(arange(5, device: a.device), HeldScalars.Range(5, a.device));
        AssertSame(arange(2, 7, dtype: ScalarType.Float64), HeldScalars.Range(2, 7, a.device, ScalarType.Float64));
    }

    private static void AssertSame(Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.dtype, actual.dtype);
        Assert.Equal(expected.shape, actual.shape);
        Assert.True(expected.eq(actual).all().item<bool>());
    }

    private static IEnumerable<string> Offences(MethodBase method)
    {
        foreach (var (callee, stored) in Calls(method))
        {
            if (callee.DeclaringType?.Assembly != typeof(torch).Assembly) continue;
            var where = $"{method.DeclaringType?.FullName}.{method.Name}";
            if (MakesScalar(callee) && !stored) yield return $"{where}: a temporary Scalar ({callee.Name})";
            else if (TemporaryMakers.Value.Contains(callee)) yield return $"{where}: {Describe(callee)} makes a temporary Scalar";
        }
    }

    /// <summary>TorchSharp's own methods that pass a Scalar they made and did not keep, directly or through another such method.</summary>
    private static HashSet<MethodBase> FindTemporaryMakers()
    {
        var methods = Methods(typeof(torch).Assembly).ToArray();
        var calls = methods.ToDictionary(m => m, m => Calls(m).ToArray());
        var makers = methods.Where(m => calls[m].Any(c => MakesScalar(c.Callee) && !c.Stored) && m.GetMethodBody()?.ExceptionHandlingClauses.Count == 0).ToHashSet();
        for (var grew = true; grew;)
        {
            grew = false;
            foreach (var m in methods)
                if (!makers.Contains(m) && calls[m].Any(c => makers.Contains(c.Callee))) grew = makers.Add(m);
        }
        return makers;
    }

    private static bool MakesScalar(MethodBase method) =>
        method.Name is "op_Implicit" && method.DeclaringType == typeof(Scalar) || method.Name is "ToScalar";

    private static string Describe(MethodBase method) => $"{method.Name}({string.Join(",", method.GetParameters().Select(p => p.ParameterType.Name))})";

    private static IEnumerable<MethodBase> Methods(Assembly assembly)
    {
        Type[] types;
        try { types = assembly.GetTypes(); }
        catch (ReflectionTypeLoadException e) { types = e.Types.OfType<Type>().ToArray(); }
        return types.SelectMany(t => t.GetMethods(Declared).Cast<MethodBase>().Concat(t.GetConstructors(Declared)));
    }

    /// <summary>Stores into a local, or a field (a static one, or a closure's for a <c>using</c> local that a lambda reads).</summary>
    private static readonly OpCode[] StoresIt =
        [OpCodes.Stloc, OpCodes.Stloc_S, OpCodes.Stloc_0, OpCodes.Stloc_1, OpCodes.Stloc_2, OpCodes.Stloc_3, OpCodes.Stfld, OpCodes.Stsfld];

    /// <summary>Every call in a method's IL, and whether its result is stored straight away.</summary>
    private static IEnumerable<(MethodBase Callee, bool Stored)> Calls(MethodBase method)
    {
        byte[]? il;
        try { il = method.GetMethodBody()?.GetILAsByteArray(); }
        catch (Exception e) when (e is BadImageFormatException or InvalidOperationException) { yield break; }
        if (il is null) yield break;
        var instructions = Instructions(il).ToArray();
        for (var i = 0; i < instructions.Length; i++)
        {
            var (code, operandAt) = instructions[i];
            if (code != OpCodes.Call && code != OpCodes.Callvirt) continue;
            MethodBase? callee;
            try { callee = method.Module.ResolveMethod(BitConverter.ToInt32(il, operandAt), method.DeclaringType?.GetGenericArguments(), method.IsGenericMethod ? method.GetGenericArguments() : null); }
            catch (Exception e) when (e is ArgumentException or BadImageFormatException or TypeLoadException or FileNotFoundException) { continue; }
            if (callee is null) continue;
            var next = i + 1 < instructions.Length ? instructions[i + 1].Code : OpCodes.Nop;
            yield return (callee, StoresIt.Contains(next));
        }
    }

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(c => c.Value);

    /// <summary>The instructions of a method body: each opcode and where its operand starts.</summary>
    private static IEnumerable<(OpCode Code, int OperandAt)> Instructions(byte[] il)
    {
        for (var at = 0; at < il.Length;)
        {
            short value = il[at] == 0xFE ? (short)(0xFE00 | il[at + 1]) : il[at];
            var code = OpCodesByValue[value];
            var operandAt = at + code.Size;
            yield return (code, operandAt);
            at = operandAt + code.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, operandAt),
                _ => 4,
            };
        }
    }

    /// <summary>One of each kind of temporary Scalar, and the held form, for the rule to find.</summary>
    private static class Hazards
    {
        public static Tensor AddsWithOperator(Tensor a, Tensor b) => a + b;
        public static Tensor AddsWithDefaultAlpha(Tensor a, Tensor b) => a.add(b);
        public static Tensor ScalesByNumber(Tensor a) => a.mul(0.5);
        public static Tensor CountsFromZero(long n) => arange(n);

        public static Tensor Held(Tensor a, Tensor b)
        {
            using var half = 0.5.ToScalar();
            return a.Plus(b).mul(half);
        }
    }
}
