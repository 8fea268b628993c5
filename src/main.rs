fn main() {
    std::process::exit(mijian_cli::main())
}
