namespace Tapline.Core.Project;

/// <summary>A change to project files was refused because <c>project_readonly</c> is on.</summary>
public sealed class ProjectReadOnlyException()
    : ProjectException("The project is read-only (project_readonly / MELTANO_PROJECT_READONLY is true); no project file was changed.");
