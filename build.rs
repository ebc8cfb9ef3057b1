//! Generates the C parser from `grammar/c.lalrpop`.
fn main() {
    lalrpop::Configuration::new()
        .set_in_dir("grammar")
        .set_out_dir(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
        .process()
        .expect("grammar/c.lalrpop must generate");
    println!("cargo:rerun-if-changed=grammar");
}
