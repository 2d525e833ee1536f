import NearestCLI

await NearestCommand.main()
