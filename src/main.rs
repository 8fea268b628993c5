#![forbid(unsafe_code)]

fn main() {
    std::process::exit(mijian_cli::main())
}
