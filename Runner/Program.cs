using Tapline.Runner;

return await TaplineCli.RunAsync(args);
