(function () {
  const o = window.ChorusOverlay;
  o.applyLook();
  const box = document.getElementById('alert');
  const seconds = o.number('fade', 6, 1, 120);
  const wanted = o.eventFilter('follow,sub,raid,cheer,redemption,custom');
  const queue = [];
  let showing = false;

  function who(frame) { return frame.author ? frame.author.name : 'Someone'; }

  function describe(frame) {
    const d = frame.data || {};
    switch (frame.type) {
      case 'stream.follow': return [who(frame) + ' followed!', ''];
      case 'stream.subscription':
        if (d.kind === 'submysterygift') return [who(frame) + ' gifted ' + (d.count || 1) + ' subs!', ''];
        if (d.months) return [who(frame) + ' resubscribed!', d.months + ' months' + (frame.text ? ' — ' + frame.text : '')];
        return [who(frame) + ' subscribed!', d.gift ? 'a gift' : (frame.text || '')];
      case 'stream.raid':
        return [who(frame) + ' is raiding!', (d.viewers != null ? d.viewers + ' viewers' : '') ];
      case 'stream.cheer': return [who(frame) + ' cheered ' + (d.bits || 0) + ' bits!', frame.text || ''];
      case 'reward.redemption': return [who(frame) + ' redeemed ' + (d.reward || 'a reward'), frame.text || ''];
      default: return [frame.text || frame.type, ''];
    }
  }

  function next() {
    if (showing || queue.length === 0) return;
    showing = true;
    const frame = queue.shift();
    const [headline, detail] = describe(frame);
    box.querySelector('.headline').textContent = headline;
    box.querySelector('.detail').textContent = detail;
    box.dataset.type = frame.type;
    box.dataset.seq = frame.seq;
    box.hidden = false;
    // Restart the entrance animation for each alert.
    box.style.animation = 'none'; void box.offsetWidth; box.style.animation = '';
    setTimeout(() => { box.hidden = true; showing = false; setTimeout(next, 300); }, seconds * 1000);
  }

  o.connect((frame) => {
    if (frame.type === 'chat.message' || frame.type === 'bot.reply' || !wanted(frame)) return;
    queue.push(frame);
    if (queue.length > 50) queue.shift();
    next();
  });
})();
