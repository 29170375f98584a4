using Ctsft.Evaluation;
using Ctsft.Tasks;

namespace Ctsft.Tests.Evaluation;

public class TaskSelectionTests
{
    [Fact]
    public void Label_words_keep_their_leading_spaces_and_labels_are_trimmed()
    {
        Assert.Equal([" a", " b", " c"], TaskSelection.ParseLabelWords(" a, b, c"));
        Assert.Equal(["a", "b", "c"], TaskSelection.ParseLabels("a, b ,c"));
        Assert.Null(TaskSelection.ParseLabels(null));
        Assert.Throws<BadSettingException>(() => TaskSelection.ParseLabels("a,,b"));
        Assert.Throws<BadSettingException>(() => TaskSelection.ParseLabels("a,b,a"));
    }

    [Fact]
    public void Built_in_tasks_use_the_papers_format_unless_overridden()
    {
        Assert.Same(ClassificationTask.NusaxSenti, new TaskSelection("nusax", "jav").ClassificationTask());
        var overridden = new TaskSelection("xnli", "en", LabelWords: [" yes", " maybe", " no"]).ClassificationTask();
        Assert.Equal(ClassificationTask.Xnli.Template, overridden.Template);
        Assert.Equal([" yes", " maybe", " no"], overridden.LabelWords);
        Assert.Equal(ClassificationTask.Xnli.LabelNames, overridden.LabelNames);
    }

    [Fact]
    public void Missing_or_misplaced_options_are_named()
    {
        Assert.Equal("language", Assert.Throws<BadSettingException>(() => new TaskSelection("nusax").LoadDataset(SharedFolder.Data)).Setting);
        Assert.Equal("file", Assert.Throws<BadSettingException>(() => new TaskSelection("custom").LoadDataset(SharedFolder.Data)).Setting);
        Assert.Contains("file is only for task custom",
            Assert.Throws<BadSettingException>(() => new TaskSelection("nusax", "jav", File: "x.csv").LoadDataset(SharedFolder.Data)).Message);
        Assert.Equal("labels", Assert.Throws<BadSettingException>(() => new TaskSelection("custom").ClassificationTask()).Setting);
        Assert.Contains("glue", Assert.Throws<BadInputException>(() => new TaskSelection("glue", "en").LoadDataset(SharedFolder.Data)).Message);
    }

    [Fact]
    public void A_custom_task_defaults_its_template_to_the_texts_it_has()
    {
        Assert.Equal(TaskSelection.CustomTemplate, new TaskSelection("custom", Labels: ["a", "b"]).ClassificationTask().Template.Template);
        Assert.Equal(TaskSelection.CustomPairTemplate,
            new TaskSelection("custom", TextPairColumn: "h", Labels: ["a", "b"]).ClassificationTask().Template.Template);
    }
}
