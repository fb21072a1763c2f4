//! `prevision`: the engine on the command line, JSON out.
fn main() -> anyhow::Result<()> {
    let path = std::env::args().nth(1).ok_or_else(|| anyhow::anyhow!("usage: prevision FILE"))?;
    let bytes = std::fs::read(path)?;
    let r = prevision_engine::ingest::ingest(&bytes, &Default::default())?;
    println!("{}", serde_json::to_string_pretty(&r.report)?);
    Ok(())
}
