namespace OpenH264Build.Engine;

/// <summary>
/// A target is declared as a property returning this delegate, exactly as NUKE spells it:
/// <c>Target Compile => _ => _.DependsOn(Patch).Executes(...)</c>. The engine calls the delegate once
/// with an empty definition to learn what the target is.
/// </summary>
public delegate ITargetDefinition Target(ITargetDefinition _);
