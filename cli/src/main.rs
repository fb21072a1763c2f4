//! `prevision`: the engine on the command line, JSON out.

fn main() -> anyhow::Result<()> {
    anyhow::bail!("no command yet")
}
