// The widget's CSS. It lives inside a shadow root, so the shop's own styles
// cannot reach it and it cannot reach the shop.

export const css = `
:host{all:initial}
*{box-sizing:border-box}
.root{--a:#1677ff;font:14px/1.5 -apple-system,BlinkMacSystemFont,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Noto Sans SC",system-ui,sans-serif;color:#1f2329;-webkit-font-smoothing:antialiased}
.launcher{position:fixed;bottom:var(--kb,24px);right:var(--ks,24px);z-index:2147483000;width:56px;height:56px;border:0;border-radius:50%;background:var(--a);color:#fff;cursor:pointer;display:flex;align-items:center;justify-content:center;box-shadow:0 6px 20px rgba(0,0,0,.22);transition:transform .15s ease,box-shadow .15s ease}
.left .launcher{right:auto;left:var(--ks,24px)}
.launcher:hover{transform:translateY(-2px);box-shadow:0 10px 26px rgba(0,0,0,.26)}
.launcher:focus-visible,button:focus-visible,textarea:focus-visible{outline:2px solid var(--a);outline-offset:2px}
.launcher svg{width:28px;height:28px}
.badge{position:absolute;top:-3px;right:-3px;min-width:20px;height:20px;padding:0 6px;border-radius:10px;background:#f53f3f;color:#fff;font-size:12px;font-weight:600;line-height:20px;text-align:center;border:2px solid #fff}
.panel{position:fixed;bottom:calc(var(--kb,24px) + 68px);right:var(--ks,24px);z-index:2147483001;width:380px;height:min(620px,calc(100vh - 120px));background:#fff;border-radius:14px;box-shadow:0 12px 48px rgba(15,23,42,.22);display:flex;flex-direction:column;overflow:hidden;animation:kd-in .18s ease-out}
.left .panel{right:auto;left:var(--ks,24px)}
@keyframes kd-in{from{opacity:0;transform:translateY(12px)}to{opacity:1;transform:none}}
[hidden]{display:none!important}
.head{display:flex;align-items:center;gap:10px;padding:14px 14px 14px 16px;background:var(--a);color:#fff}
.head .av{flex:none;width:36px;height:36px;border-radius:50%;background:rgba(255,255,255,.22);display:flex;align-items:center;justify-content:center}
.head .av svg{width:20px;height:20px}
.head .tt{flex:1;min-width:0}
.head .ttl{font-size:15px;font-weight:600;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.head .st{font-size:12px;opacity:.88;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.icon{flex:none;width:32px;height:32px;border:0;border-radius:8px;background:transparent;color:inherit;cursor:pointer;display:flex;align-items:center;justify-content:center}
.icon:hover{background:rgba(0,0,0,.08)}
.head .icon:hover{background:rgba(255,255,255,.18)}
.icon svg{width:20px;height:20px}
.conn{padding:6px 12px;background:#fff7e8;color:#a15c00;font-size:12px;text-align:center;border-bottom:1px solid #ffe4ba}
.conn::before{content:"";display:inline-block;width:10px;height:10px;margin-right:6px;vertical-align:-1px;border:2px solid currentColor;border-right-color:transparent;border-radius:50%;animation:kd-spin .8s linear infinite}
@keyframes kd-spin{to{transform:rotate(360deg)}}
.list{flex:1;overflow-y:auto;padding:16px 14px 8px;background:#f5f6f8;overscroll-behavior:contain}
.hint{margin:0 0 14px;padding:10px 12px;border-radius:10px;background:#fff;color:#4e5969;font-size:13px;border:1px solid #e5e6eb}
.row{display:flex;flex-direction:column;align-items:flex-start;margin:0 0 12px}
.row.me{align-items:flex-end}
.row.sys{align-items:center}
.who{font-size:12px;color:#86909c;margin:0 0 3px 2px;display:flex;align-items:center;gap:6px}
.tag{display:inline-block;padding:0 6px;border-radius:4px;background:#f0e9ff;color:#722ed1;font-size:11px;line-height:18px}
.bubble{max-width:80%;padding:9px 12px;border-radius:4px 14px 14px 14px;background:#fff;border:1px solid #e5e6eb;white-space:pre-wrap;word-break:break-word;overflow-wrap:anywhere}
.me .bubble{border-radius:14px 4px 14px 14px;background:var(--a);border-color:var(--a);color:#fff}
.bot .bubble{background:linear-gradient(135deg,#f7f2ff,#eef4ff);border-color:#ded0fb}
.sys .bubble{max-width:90%;padding:2px 10px;border:0;background:transparent;color:#86909c;font-size:12px;text-align:center}
.sending .bubble{opacity:.65}
.imgs{display:flex;flex-wrap:wrap;gap:6px;margin-top:6px}
.bubble .imgs:first-child{margin-top:0}
.thumb{display:block;padding:0;border:0;background:#e5e6eb;border-radius:8px;overflow:hidden;cursor:zoom-in;line-height:0}
.thumb img{display:block;max-width:200px;max-height:180px;object-fit:cover}
.qrs{display:flex;flex-wrap:wrap;gap:6px;margin-top:6px;max-width:90%}
.qr{border:1px solid var(--a);background:#fff;color:var(--a);border-radius:14px;padding:3px 12px;font:inherit;font-size:13px;cursor:pointer}
.qr:hover{background:#e8f3ff}
.keys{max-width:86%;padding:10px 12px;border-radius:10px;background:#fff;border:1px solid #b7eb8f}
.keys-t{font-weight:600;margin-bottom:6px}
.keys code{display:block;font:13px/1.6 ui-monospace,Menlo,Consolas,monospace;user-select:all;word-break:break-all}
.keys-n{font-size:12px;color:#86909c;margin:6px 0}
.keys.gone{border-color:#e5e6eb;color:#4e5969;font-size:13px}
.rate{width:86%;padding:10px 12px;border-radius:10px;background:#fff;border:1px solid #e5e6eb;text-align:center}
.rate-t{font-weight:600;margin-bottom:4px}
.stars{display:flex;justify-content:center;gap:4px;margin-bottom:6px}
.star{border:0;background:none;font-size:26px;line-height:1;color:#d9d9d9;cursor:pointer;padding:2px}
.star.on{color:#faad14}
.rate-c{width:100%;margin-bottom:6px;background:#fff}
.rate .send{width:100%}
.meta{font-size:11px;color:#a9aeb8;margin:3px 4px 0}
.fail{color:#f53f3f;cursor:pointer;border:0;background:none;font:inherit;font-size:12px;padding:0;margin:3px 4px 0}
.cnt{padding:0 12px 2px;text-align:right;font-size:11px;color:#86909c;background:#fff}
.cnt.over{color:#cb2634;font-weight:600}
.typing{padding:2px 16px 6px;font-size:12px;color:#86909c;background:#f5f6f8}
.notice{margin:0;padding:8px 12px;background:#fff1f0;color:#cb2634;font-size:12px;border-top:1px solid #ffccc7}
.notice.info{background:#e8f3ff;color:#0e42d2;border-color:#bedaff}
.compose{display:flex;align-items:flex-end;gap:6px;padding:10px;border-top:1px solid #e5e6eb;background:#fff}
.compose .icon{color:#4e5969;width:36px;height:36px}
textarea{flex:1;min-width:0;resize:none;border:1px solid #e5e6eb;border-radius:10px;padding:8px 10px;font:inherit;color:inherit;background:#f7f8fa;max-height:120px;line-height:20px;outline:none}
textarea:focus{border-color:var(--a);background:#fff}
.send{flex:none;height:36px;padding:0 14px;border:0;border-radius:10px;background:var(--a);color:#fff;font:inherit;font-weight:600;cursor:pointer}
.send:disabled{opacity:.45;cursor:default}
.foot{padding:0 0 6px;text-align:center;font-size:11px;color:#c2c7d0;background:#fff}.foot a{color:inherit}
.sheet{border-top:1px solid #e5e6eb;background:#fff;padding:8px 10px;display:flex;flex-direction:column;gap:6px}
.sheet-t{font-size:12px;color:#86909c}
.cat{display:flex;flex-direction:column;align-items:flex-start;text-align:left;border:1px solid #e5e6eb;border-radius:8px;background:#f7f8fa;padding:6px 10px;cursor:pointer;font:inherit}
.cat:hover{border-color:var(--a)}
.cat b{font-size:13px;color:#1d2129}
.cat span{font-size:11px;color:#86909c}
.sheet .cancel{align-self:flex-end;border:0;background:none;color:#86909c;cursor:pointer;font:inherit;font-size:12px}
.lightbox{position:fixed;inset:0;z-index:2147483002;background:rgba(0,0,0,.82);display:flex;align-items:center;justify-content:center;cursor:zoom-out;padding:24px}
.lb-x{position:absolute;top:12px;right:12px;color:#fff;background:rgba(0,0,0,.45)}
.lightbox img{max-width:100%;max-height:100%;border-radius:6px;box-shadow:0 8px 40px rgba(0,0,0,.5)}
@media (prefers-reduced-motion:reduce){.panel{animation:none}.launcher{transition:none}}
@media (max-width:480px){
.panel{inset:0;width:100%;height:100%;max-height:none;border-radius:0;bottom:0;right:0;left:0}
.left .panel{left:0}
.launcher{bottom:var(--kb,88px);right:var(--ks,12px);width:48px;height:48px}
.left .launcher{left:var(--ks,12px)}
.open .launcher{display:none}
.bubble{max-width:86%}
}
`
