// One live server and browser at a time: the machine has two cores, and each test class starts its own app.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
