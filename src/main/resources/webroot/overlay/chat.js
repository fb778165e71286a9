(function () {
  const o = window.ChorusOverlay;
  o.applyLook();
  const lines = document.getElementById('lines');
  const fade = o.number('fade', 30, 0, 3600);
  const max = o.number('max', 12, 1, 200);
  const wanted = o.eventFilter('chat,replies');

  function show(frame) {
    const line = document.createElement('div');
    line.className = 'line' + (frame.type === 'bot.reply' ? ' bot' : '');
    line.dataset.seq = frame.seq;
    line.dataset.type = frame.type;
    const name = document.createElement('span');
    name.className = 'name';
    if (frame.type === 'bot.reply') {
      name.textContent = 'Chorus';
    } else if (frame.author) {
      name.textContent = frame.author.name;
      if (frame.author.colour) name.style.color = frame.author.colour;
    } else {
      name.textContent = frame.type;
    }
    line.appendChild(name);
    if (frame.author && frame.author.pronouns) {
      const p = document.createElement('span');
      p.className = 'pronouns';
      p.textContent = frame.author.pronouns;
      line.appendChild(p);
    }
    const text = document.createElement('span');
    text.className = 'text';
    text.textContent = frame.text || '';
    line.appendChild(text);
    lines.appendChild(line);
    while (lines.children.length > max) lines.removeChild(lines.firstChild);
    if (fade > 0) {
      setTimeout(() => line.classList.add('fading'), fade * 1000);
      setTimeout(() => line.remove(), fade * 1000 + 700);
    }
  }

  o.connect((frame) => { if (wanted(frame)) show(frame); });
})();
